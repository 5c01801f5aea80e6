package dev.phoenix.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

import org.springframework.util.FileSystemUtils;

/**
 * Starts a topology test class's servers (its {@code static AutoCloseable
 * startServers(Path directory)}) before anything else of the class runs, and stops them
 * when the class is done, after its Spring context was closed. The directory
 * (certificates, configuration files, server logs) is a temporary one, deleted
 * afterwards: a {@code @TempDir}, which JUnit would fill only after this condition ran.
 * <p>
 * When the servers cannot run on this machine ({@code startServers} aborts: no TLS in
 * this {@code redis-server}, no ACLs before Redis 6), the class is skipped and every test
 * reports the reason, with no Spring context started: an abort in {@code @BeforeAll}
 * would leave no trace in the test reports.
 */
final class TopologyServers implements ExecutionCondition {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(TopologyServers.class);

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow()
				: context;
		Started started = classContext.getStore(NAMESPACE)
			.computeIfAbsent(Started.class, (key) -> start(classContext.getRequiredTestClass()), Started.class);
		return (started.skipReason() == null) ? ConditionEvaluationResult.enabled("servers started")
				: ConditionEvaluationResult.disabled(started.skipReason());
	}

	private static Started start(Class<?> testClass) {
		Method method = ReflectionSupport.findMethod(testClass, "startServers", Path.class)
			.orElseThrow(() -> new IllegalStateException(testClass + " declares no static startServers(Path)"));
		Path directory;
		try {
			directory = Files.createTempDirectory("phoenix-" + testClass.getSimpleName());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return new Started((AutoCloseable) ReflectionSupport.invokeMethod(method, null, directory), directory,
					null);
		}
		catch (TestAbortedException ex) {
			return new Started(null, directory, ex.getMessage());
		}
	}

	/** Closed by JUnit with the class's store: servers first, then their directory. */
	private record Started(AutoCloseable servers, Path directory, String skipReason) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			try {
				if (this.servers != null) {
					this.servers.close();
				}
			}
			finally {
				FileSystemUtils.deleteRecursively(this.directory);
			}
		}

	}

}
