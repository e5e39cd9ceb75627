package com.pilottracker.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTests {

	@TempDir
	Path data;

	@Test
	void removesAPostmasterPidWhoseProcessIdNowBelongsToAnotherProgram() throws Exception {
		// PostgreSQL, run as an ordinary user, would take this process for another server
		writeLockFile(ProcessHandle.current().pid());

		EmbeddedPostgresServer.removeStaleLockFile(this.data);

		assertThat(this.data.resolve("postmaster.pid")).doesNotExist();
	}

	@Test
	void leavesAPostmasterPidNamingNoLiveProcessToPostgres() throws Exception {
		Process ended = new ProcessBuilder("true").start();
		ended.waitFor();
		writeLockFile(ended.pid());

		EmbeddedPostgresServer.removeStaleLockFile(this.data);

		assertThat(this.data.resolve("postmaster.pid")).exists();
	}

	private void writeLockFile(long pid) throws Exception {
		Files.write(this.data.resolve("postmaster.pid"),
				List.of(String.valueOf(pid), this.data.toString(), "1796293221", "5433"));
	}

}
