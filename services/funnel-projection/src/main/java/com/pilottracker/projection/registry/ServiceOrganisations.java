package com.pilottracker.projection.registry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.pilottracker.contracts.MalformedEventException;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Registries;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.RegistryRevision;
import com.pilottracker.contracts.RegistryRevisionCodec;
import com.pilottracker.contracts.ServiceDomain;
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Topics;
import com.pilottracker.kafka.Records;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * The service organisations of the office's registry, read from {@link Topics#REGISTRIES}
 * from its beginning at every start (one partition, assigned, so every instance reads all
 * of it): the providers' names and domains for the breakdowns by provider. A provider the
 * registry does not (yet) hold is shown by its id. A record that is not a revision is
 * logged, counted and passed over; an older revision of an entry than the one held is
 * ignored.
 */
@Component
public class ServiceOrganisations {

	private static final Logger logger = LoggerFactory.getLogger(ServiceOrganisations.class);

	private final AtomicReference<Registries> registries = new AtomicReference<>(Registries.empty());

	private final Counter skipped;

	ServiceOrganisations(MeterRegistry meters) {
		this.skipped = Counter.builder("pilot.projection.registry.revisions.skipped")
			.description("Records on pilot.registries the projection could not read")
			.register(meters);
	}

	@KafkaListener(id = "funnel-projection-registries", groupId = "funnel-projection-registries", batch = "false",
			topicPartitions = @TopicPartition(topic = Topics.REGISTRIES,
					partitionOffsets = @PartitionOffset(partition = "0", initialOffset = "0")))
	void onRevision(ConsumerRecord<String, byte[]> record) {
		try {
			take(RegistryRevisionCodec.decode(Records.wire(record)));
		}
		catch (MalformedEventException | IllegalArgumentException ex) {
			this.skipped.increment();
			logger.warn("Passing over record {} of {}: {}", record.offset(), record.topic(),
					Text.forLog(String.valueOf(ex.getMessage()), 300));
		}
	}

	/** Takes a revision in, unless a later one of its entry is held. */
	void take(RegistryRevision revision) {
		this.registries.updateAndGet((held) -> held.latest(revision.kind(), revision.id())
			.filter((latest) -> latest.revision() >= revision.revision())
			.isPresent() ? held : held.with(revision));
	}

	/** The provider as the registry holds it, if it does. */
	public Optional<Provider> provider(String id) {
		return this.registries.get()
			.entry(RegistryEntry.Kind.SERVICE_ORGANISATION, id)
			.map((entry) -> (RegistryEntry.ServiceOrganisation) entry)
			.map((organisation) -> new Provider(organisation.name(), organisation.domains(), organisation.vetting()));
	}

	/**
	 * A provider as the breakdowns name it.
	 *
	 * @param name its names
	 * @param domains the service domains it is vetted for
	 * @param vetting where it stands now
	 */
	public record Provider(Programme.Names name, List<ServiceDomain> domains, RegistryEntry.Vetting vetting) {

	}

}
