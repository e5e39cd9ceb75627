package com.pilottracker.gateway.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.pilottracker.contracts.Registries;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.RegistryRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The registries as this gateway checks milestones against them: read from
 * {@code registry_revision} before the gateway reports itself ready, every few seconds
 * after (so a revision another gateway made takes effect here within that time), and at
 * once after a revision made here. Checks read the copy in memory, never the database.
 */
@Component
public class RegistryBook implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(RegistryBook.class);

	private final DatabaseClient db;

	private final AtomicReference<Registries> registries = new AtomicReference<>(Registries.empty());

	RegistryBook(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public void run(ApplicationArguments args) {
		refresh();
	}

	/** The registries as last read. */
	public Registries current() {
		return this.registries.get();
	}

	/** Takes a revision made here in at once. */
	void made(RegistryRevision revision) {
		this.registries.updateAndGet((held) -> held.latest(revision.kind(), revision.id())
			.filter((latest) -> latest.revision() >= revision.revision())
			.isPresent() ? held : held.with(revision));
	}

	@Scheduled(fixedDelayString = "${pilot.gateway.reference-refresh:10s}", initialDelay = 10_000)
	void refresh() {
		try {
			this.registries.set(Registries.of(read()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the registries, keeping the last copy: {}", ex.toString());
		}
	}

	/** The latest revision of each entry. */
	private List<RegistryRevision> read() {
		return this.db
			.sql("""
					SELECT DISTINCT ON (kind, id) kind, revision, CAST(entry AS text) AS entry, reason, recorded_by, recorded_at
					FROM registry_revision ORDER BY kind, id, revision DESC""")
			.map((row) -> revision(row.get("kind", String.class), row.get("revision", Integer.class),
					row.get("entry", String.class), row.get("recorded_at", OffsetDateTime.class),
					row.get("recorded_by", String.class), row.get("reason", String.class)))
			.all()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	/** Every revision of one entry, the first first. */
	reactor.core.publisher.Flux<RegistryRevision> revisions(RegistryEntry.Kind kind, String id) {
		return this.db.sql("""
				SELECT kind, revision, CAST(entry AS text) AS entry, reason, recorded_by, recorded_at
				FROM registry_revision WHERE kind = :kind AND id = :id ORDER BY revision""")
			.bind("kind", kind.path())
			.bind("id", id)
			.map((row) -> revision(row.get("kind", String.class), row.get("revision", Integer.class),
					row.get("entry", String.class), row.get("recorded_at", OffsetDateTime.class),
					row.get("recorded_by", String.class), row.get("reason", String.class)))
			.all();
	}

	private static RegistryRevision revision(String kind, int revision, String entry, OffsetDateTime recordedAt,
			String recordedBy, String reason) {
		RegistryEntry.Kind registry = RegistryEntry.Kind.of(kind)
			.orElseThrow(() -> new IllegalStateException("registry_revision names no registry: " + kind));
		return new RegistryRevision(Registries.read(registry, entry.getBytes(StandardCharsets.UTF_8)), revision,
				recordedAt.toInstant(), recordedBy, reason);
	}

}
