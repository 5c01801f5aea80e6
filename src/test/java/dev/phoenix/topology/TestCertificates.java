package dev.phoenix.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.io.File;

/**
 * A private CA and a server certificate it signed (for {@code 127.0.0.1} and
 * {@code localhost}), made at test time: with {@code openssl} where it is installed (four
 * quick calls), else with the JDK's {@code keytool} (slower: a JVM per call), so any
 * machine with a JDK can run the TLS tests. Also an unrelated CA, for "wrong CA" cases.
 * All PEM, as {@code redis-server} and the service's {@code REDIS_SSL_CA_FILE} take them.
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey, Path otherCaCertificate) {

	private static final String PASSWORD = "changeit";

	static TestCertificates generate(Path directory) {
		TestCertificates files = new TestCertificates(directory.resolve("ca.pem"), directory.resolve("server.pem"),
				directory.resolve("server.key"), directory.resolve("other-ca.pem"));
		if (onPath("openssl")) {
			withOpenssl(directory, files);
		}
		else {
			withKeytool(directory, files);
		}
		return files;
	}

	private static void withOpenssl(Path directory, TestCertificates files) {
		Path caKey = directory.resolve("ca.key");
		Path request = directory.resolve("server.csr");
		Path extensions = directory.resolve("server.ext");
		write(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
		run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				caKey.toString(), "-out", files.caCertificate().toString(), "-days", "2", "-subj",
				"/CN=Phoenix Test CA");
		run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				directory.resolve("other-ca.key").toString(), "-out", files.otherCaCertificate().toString(), "-days",
				"2", "-subj", "/CN=Some Other CA");
		run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				files.serverKey().toString(), "-out", request.toString(), "-subj", "/CN=localhost");
		run("openssl", "x509", "-req", "-in", request.toString(), "-CA", files.caCertificate().toString(), "-CAkey",
				caKey.toString(), "-CAcreateserial", "-out", files.serverCertificate().toString(), "-days", "2",
				"-extfile", extensions.toString());
	}

	private static void withKeytool(Path directory, TestCertificates files) {
		Path ca = directory.resolve("ca.p12");
		Path other = directory.resolve("other-ca.p12");
		Path server = directory.resolve("server.p12");
		Path request = directory.resolve("server.csr");
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=Phoenix Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file",
				files.caCertificate().toString());
		keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=Some Other CA", "-ext", "bc:c", "-validity", "2", "-keystore", other.toString());
		keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-file",
				files.otherCaCertificate().toString());
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
				"-validity", "2", "-keystore", server.toString());
		keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", request.toString());
		keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
				"-outfile", files.serverCertificate().toString(), "-validity", "2", "-ext",
				"san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth", "-ext",
				"ku:c=digitalSignature,keyAgreement");
		writePrivateKey(server, "server", files.serverKey());
	}

	/**
	 * keytool exports certificates, not keys: the key goes out as PKCS#8 PEM from here.
	 */
	private static void writePrivateKey(Path keyStore, String alias, Path pem) {
		try (InputStream in = Files.newInputStream(keyStore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, PASSWORD.toCharArray());
			Key key = store.getKey(alias, PASSWORD.toCharArray());
			String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(key.getEncoded());
			Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
		run(command.toArray(String[]::new));
	}

	private static void run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				if (new File(directory, program).canExecute()) {
					return true;
				}
			}
		}
		return false;
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
