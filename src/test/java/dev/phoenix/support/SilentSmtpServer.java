package dev.phoenix.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts TCP connections and holds them open without ever answering: a hung SMTP server.
 */
public final class SilentSmtpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> held = new ArrayList<>();

	public SilentSmtpServer() {
		try {
			this.socket = new ServerSocket(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(() -> {
			while (!this.socket.isClosed()) {
				try {
					Socket client = this.socket.accept();
					synchronized (this.held) {
						this.held.add(client);
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "silent-smtp");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
			synchronized (this.held) {
				for (Socket client : this.held) {
					client.close();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
