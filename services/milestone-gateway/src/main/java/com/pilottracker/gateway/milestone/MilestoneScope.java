package com.pilottracker.gateway.milestone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.pilottracker.access.Caller;
import com.pilottracker.access.Role;
import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.receipt.ReceiptStore;
import com.pilottracker.gateway.registry.RegistryBook;
import com.pilottracker.kafka.ProgrammeCatalog;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * What a caller may report, from the definition of the milestone's programme
 * ({@link Programme.Step#reportedBy()}). Everyone reports under their own CloudEvents
 * {@code source} only. The office reports every milestone type. A provider reports a step
 * {@link Programme.Reporting#NAMING_PROVIDER reported by the provider it names} (the
 * pilot's {@code pilot.contracted}) naming itself as {@code data.provider}, and a step
 * {@link Programme.Reporting#CONTRACTED_PROVIDER reported by the contracted provider}
 * (the pilot's {@code pilot.pre-acceptance} and {@code pilot.withdrawn}) only for
 * enterprises where a milestone of its programme's stage that names the provider, naming
 * it, was applied by the lifecycle (a pending one does not count, nor one posted earlier
 * in the same batch); a step only the office reports (the pilot's solicitation, every
 * step of a programme without a provider stage such as the gradient) is refused.
 * <p>
 * This is the door, not the judge: the lifecycle decides each step again at its place in
 * the enterprise's history (who holds the contract then), so a check made before a later
 * correction cannot let a provider act on another's enterprise. A refusal says the same
 * whatever the enterprise's state, so it tells a provider nothing about an enterprise
 * that is not its own.
 */
@Component
class MilestoneScope {

	private final ReceiptStore receipts;

	private final ProgrammeCatalog programmes;

	private final RegistryBook registries;

	MilestoneScope(ReceiptStore receipts, ProgrammeCatalog programmes, RegistryBook registries) {
		this.receipts = receipts;
		this.programmes = programmes;
		this.registries = registries;
	}

	/** The milestone, or a {@link ForbiddenException} saying why the caller may not. */
	Mono<Milestone> check(Caller caller, Milestone milestone) {
		ForbiddenException refusal = refusal(caller, milestone);
		if (refusal != null) {
			return Mono.error(refusal);
		}
		Optional<MilestoneType> naming = namingStageIfNeeded(caller, milestone);
		if (naming.isEmpty()) {
			return Mono.just(milestone);
		}
		return this.receipts.isContractedWith(milestone.subject().value(), naming.get(), caller.principal())
			.flatMap((contracted) -> contracted ? Mono.just(milestone)
					: Mono.error(notContracted(caller, milestone, naming.get())));
	}

	/**
	 * Each milestone's refusal, in order: {@code null} for one the caller may report, a
	 * {@link ForbiddenException} for one it may not, or the receipt store's exception if
	 * it could not tell. The scope is looked up in one query per programme.
	 */
	Mono<List<RuntimeException>> checkAll(Caller caller, List<Milestone> milestones) {
		RuntimeException[] refusals = new RuntimeException[milestones.size()];
		List<Optional<MilestoneType>> namings = new ArrayList<>(milestones.size());
		Map<MilestoneType, Set<String>> enterprises = new LinkedHashMap<>();
		for (int i = 0; i < refusals.length; i++) {
			Milestone milestone = milestones.get(i);
			refusals[i] = refusal(caller, milestone);
			Optional<MilestoneType> naming = (refusals[i] == null) ? namingStageIfNeeded(caller, milestone)
					: Optional.empty();
			namings.add(naming);
			naming.ifPresent((type) -> enterprises.computeIfAbsent(type, (key) -> new LinkedHashSet<>())
				.add(milestone.subject().value()));
		}
		if (enterprises.isEmpty()) {
			return Mono.just(Arrays.asList(refusals));
		}
		Map<MilestoneType, Set<String>> contracted = new HashMap<>();
		return Flux.fromIterable(enterprises.entrySet())
			.concatMap((entry) -> this.receipts.contractedWith(caller.principal(), entry.getKey(), entry.getValue())
				.doOnNext((usccs) -> contracted.put(entry.getKey(), usccs)))
			.then(Mono.fromSupplier(() -> {
				for (int i = 0; i < refusals.length; i++) {
					Milestone milestone = milestones.get(i);
					Optional<MilestoneType> naming = namings.get(i);
					if (naming.isPresent() && !contracted.get(naming.get()).contains(milestone.subject().value())) {
						refusals[i] = notContracted(caller, milestone, naming.get());
					}
				}
				return Arrays.asList(refusals);
			}))
			.onErrorResume(RuntimeException.class, (ex) -> {
				List<RuntimeException> failed = new ArrayList<>(refusals.length);
				for (int i = 0; i < refusals.length; i++) {
					failed.add(namings.get(i).isPresent() ? ex : refusals[i]);
				}
				return Mono.just(failed);
			});
	}

	/**
	 * The type of the milestone that puts an enterprise in the provider's scope (its
	 * programme's stage that names the provider), if this milestone of a provider needs
	 * it: a step reported by the contracted provider.
	 */
	private Optional<MilestoneType> namingStageIfNeeded(Caller caller, Milestone milestone) {
		if (caller == null || caller.role() != Role.PROVIDER) {
			return Optional.empty();
		}
		Optional<Programme> programme = this.programmes.declaring(milestone.type());
		if (programme.isEmpty()) {
			return Optional.empty();
		}
		boolean byContracted = programme.get()
			.step(milestone.type())
			.map((step) -> step.reportedBy() == Programme.Reporting.CONTRACTED_PROVIDER)
			.orElse(false);
		if (!byContracted) {
			return Optional.empty();
		}
		return programme.get()
			.stages()
			.stream()
			.filter(Programme.StageDefinition::namesProvider)
			.map(Programme.StageDefinition::milestone)
			.findFirst();
	}

	/** Why the caller may not report the milestone, whatever it has reported before. */
	private ForbiddenException refusal(Caller caller, Milestone milestone) {
		if (caller == null || caller.role() == Role.VIEWER) {
			return new ForbiddenException("A VIEWER key reads; it does not report milestones.");
		}
		if (!milestone.source().equals(caller.source())) {
			return new ForbiddenException("The milestone's source is '" + milestone.source()
					+ "', but your key reports as '" + caller.source() + "'. Post it with that source.");
		}
		if (caller.role() == Role.OFFICE) {
			return null;
		}
		Optional<String> unregistered = this.registries.current()
			.refusal(RegistryEntry.Kind.SERVICE_ORGANISATION, caller.principal(),
					milestone.time().atZone(MilestoneRequestValidator.CITY).toLocalDate());
		if (unregistered.isPresent()) {
			return new ForbiddenException("Your key belongs to a provider the office's registry does not let report: "
					+ unregistered.get() + ".");
		}
		Programme.Reporting reportedBy = this.programmes.declaring(milestone.type())
			.flatMap((programme) -> programme.step(milestone.type()))
			.map(Programme.Step::reportedBy)
			.orElse(Programme.Reporting.OFFICE);
		if (reportedBy == Programme.Reporting.NAMING_PROVIDER) {
			return caller.principal().equals(milestone.data().provider()) ? null
					: new ForbiddenException("A provider reports " + milestone.type().cloudEventType()
							+ " only naming itself: data.provider is '" + milestone.data().provider()
							+ "', your key is provider '" + caller.principal() + "'.");
		}
		if (reportedBy == Programme.Reporting.CONTRACTED_PROVIDER) {
			return null;
		}
		return new ForbiddenException("Only the programme office reports " + milestone.type().cloudEventType() + ".");
	}

	private static ForbiddenException notContracted(Caller caller, Milestone milestone, MilestoneType naming) {
		return new ForbiddenException("Enterprise " + milestone.subject().value() + " has no applied "
				+ naming.cloudEventType() + " naming provider '" + caller.principal() + "', so its "
				+ milestone.type().cloudEventType() + " is not yours to report. If you posted its "
				+ naming.cloudEventType() + ", post this once that milestone's receipt says APPLIED.");
	}

}
