package com.pilottracker.infra.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker as a process of its own:
 * {@code java -cp … com.pilottracker.infra.embedded.KafkaBrokerMain <log directory> <port>}.
 * Used where a test must kill the broker and start it again.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		if (args.length != 2) {
			System.err.println("usage: KafkaBrokerMain <log directory> <port>");
			System.exit(2);
		}
		EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), Integer.parseInt(args[1]));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.close();
			stopped.countDown();
		}, "kafka-broker-stop"));
		System.out.println("READY " + broker.bootstrapServers());
		stopped.await();
	}

}
