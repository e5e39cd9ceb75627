package com.pilottracker.runner;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the runner has started, and the one way it is stopped.
 * <p>
 * One thread (the owner: the runner's main thread) starts everything, and records each
 * part here the moment it exists: a process the moment it is launched, not once it is
 * ready. The same thread stops them all, newest first, when start-up fails, when its work
 * is done, or when a stop is asked for. A signal (the JVM's shutdown hook) only asks and
 * then waits for the owner: it never stops anything itself, so it cannot race with a
 * start step. A step that ends after the request has its part recorded and stopped like
 * the others, since the owner checks for the request after each step.
 * <p>
 * The owner marks the waits that may be cut short ({@link #interruptibly}): waiting for
 * the services, the demo, the wait until Ctrl-C. A request interrupts the owner there.
 * Starting PostgreSQL and the broker is never interrupted: {@code initdb} or a broker
 * half-way through formatting its log could leave data the next start cannot use; they
 * take seconds, and the request is acted on when they return.
 */
final class Lifecycle {

	/** Thrown in the owner once a stop has been asked for; ends start-up quietly. */
	static final class StopRequested extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StopRequested() {
			super("stop requested", null, false, false);
		}

	}

	/** A wait the owner allows a stop request to cut short. */
	@FunctionalInterface
	interface InterruptibleStep {

		void run() throws InterruptedException;

	}

	private record Part(String name, Runnable stop) {
	}

	private final Thread owner;

	private final Deque<Part> started = new ArrayDeque<>();

	private final CountDownLatch requested = new CountDownLatch(1);

	private final CountDownLatch stopped = new CountDownLatch(1);

	// guarded by this
	private boolean interruptible;

	// guarded by this
	private boolean unwinding;

	Lifecycle(Thread owner) {
		this.owner = owner;
	}

	/**
	 * Records a part the owner has just started, to be stopped by {@code stop}; then acts
	 * on a stop request made while it was starting.
	 * @param name what the owner prints when it stops the part, or {@code null} to stop
	 * it silently
	 */
	void started(String name, Runnable stop) {
		synchronized (this) {
			this.started.push(new Part(name, stop));
		}
		checkpoint();
	}

	/** Ends start-up ({@link StopRequested}) if a stop has been asked for. */
	void checkpoint() {
		if (stopRequested()) {
			throw new StopRequested();
		}
	}

	boolean stopRequested() {
		return this.requested.getCount() == 0;
	}

	/**
	 * Runs {@code step} in the owner, letting a stop request interrupt it; a step that
	 * fails because of the request (many turn an interrupt into an exception of their
	 * own) ends in {@link StopRequested}. The owner's interrupt status is cleared
	 * afterwards, so that stopping (which waits for processes) is not cut short.
	 */
	void interruptibly(InterruptibleStep step) {
		synchronized (this) {
			checkpoint();
			this.interruptible = true;
		}
		try {
			step.run();
		}
		catch (InterruptedException ex) {
			if (stopRequested()) {
				throw new StopRequested();
			}
			throw new IllegalStateException("interrupted", ex);
		}
		catch (RuntimeException ex) {
			if (stopRequested()) {
				throw new StopRequested();
			}
			throw ex;
		}
		finally {
			synchronized (this) {
				this.interruptible = false;
			}
			Thread.interrupted();
		}
		checkpoint();
	}

	/** Waits in the owner until a stop is asked for; ends in {@link StopRequested}. */
	void awaitStopRequest() throws InterruptedException {
		this.requested.await();
		throw new StopRequested();
	}

	/**
	 * Asks the owner to stop everything and waits until it has; for the shutdown hook
	 * (SIGINT, SIGTERM, SIGHUP, {@code System.exit}). Returns at once if the owner has
	 * already stopped everything. Should the owner be gone without stopping (it cannot,
	 * {@link #unwind()} runs in a {@code finally}), stops what is recorded here.
	 */
	void stopAndAwait() {
		synchronized (this) {
			if (this.stopped.getCount() > 0 && !this.unwinding && !stopRequested()) {
				System.out.println("Stopping ...");
			}
			this.requested.countDown();
		}
		boolean interrupted = false;
		while (this.stopped.getCount() > 0) {
			synchronized (this) {
				// again each second: a step may have swallowed an interrupt
				if (this.interruptible) {
					this.owner.interrupt();
				}
			}
			if (!this.owner.isAlive()) {
				unwind();
				break;
			}
			try {
				this.stopped.await(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops every recorded part, newest first; the owner calls it once, in a
	 * {@code finally}. A part that fails to stop is reported, and the others are still
	 * stopped.
	 */
	void unwind() {
		boolean announced = false;
		synchronized (this) {
			if (this.unwinding) {
				return;
			}
			this.unwinding = true;
			this.interruptible = false;
		}
		Thread.interrupted();
		try {
			Part part;
			while ((part = next()) != null) {
				if (part.name() != null) {
					System.out.println("Stopping " + part.name() + " ...");
					announced = true;
				}
				try {
					part.stop().run();
				}
				catch (RuntimeException ex) {
					System.err.println("local-runner: could not stop " + part.name() + ": " + ex.getMessage());
				}
			}
			if (announced) {
				System.out.println("Stopped.");
			}
		}
		finally {
			this.stopped.countDown();
		}
	}

	private synchronized Part next() {
		return this.started.poll();
	}

}
