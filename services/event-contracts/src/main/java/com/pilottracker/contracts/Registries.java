package com.pilottracker.contracts;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The office's registries as one service knows them: the latest revision of each entry,
 * by registry and id. Immutable; {@link #with} gives the registries with one more
 * revision. Also reads and writes an entry as JSON, the format of
 * {@code docs/registries.md}.
 */
public final class Registries {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private static final Registries EMPTY = new Registries(Map.of());

	private final Map<RegistryEntry.Kind, Map<String, RegistryRevision>> latest;

	private Registries(Map<RegistryEntry.Kind, Map<String, RegistryRevision>> latest) {
		this.latest = latest;
	}

	/** No entries. */
	public static Registries empty() {
		return EMPTY;
	}

	/** The registries holding the latest of these revisions of each entry. */
	public static Registries of(Collection<RegistryRevision> revisions) {
		Registries registries = EMPTY;
		for (RegistryRevision revision : revisions) {
			Optional<RegistryRevision> held = registries.latest(revision.kind(), revision.id());
			if (held.isEmpty() || held.get().revision() < revision.revision()) {
				registries = registries.with(revision);
			}
		}
		return registries;
	}

	/** These registries with {@code revision} in place of its entry's earlier one. */
	public Registries with(RegistryRevision revision) {
		Map<RegistryEntry.Kind, Map<String, RegistryRevision>> next = new LinkedHashMap<>(this.latest);
		Map<String, RegistryRevision> entries = new LinkedHashMap<>(next.getOrDefault(revision.kind(), Map.of()));
		entries.put(revision.id(), revision);
		next.put(revision.kind(), Map.copyOf(entries));
		return new Registries(Map.copyOf(next));
	}

	/** The latest revision of the entry, if it is registered. */
	public Optional<RegistryRevision> latest(RegistryEntry.Kind kind, String id) {
		return Optional.ofNullable(this.latest.getOrDefault(kind, Map.of()).get(id));
	}

	/** The entry, if it is registered. */
	public Optional<RegistryEntry> entry(RegistryEntry.Kind kind, String id) {
		return latest(kind, id).map(RegistryRevision::entry);
	}

	/** The latest revisions of a registry's entries, by id. */
	public List<RegistryRevision> all(RegistryEntry.Kind kind) {
		List<RegistryRevision> all = new ArrayList<>(this.latest.getOrDefault(kind, Map.of()).values());
		all.sort(java.util.Comparator.comparing(RegistryRevision::id));
		return all;
	}

	/**
	 * Why a milestone dated {@code day} may not name entry {@code id} of the registry, as
	 * a problem's detail ({@code "'x' is not a registered service organisation …"});
	 * empty if it may.
	 */
	public Optional<String> refusal(RegistryEntry.Kind kind, String id, LocalDate day) {
		Optional<RegistryEntry> entry = entry(kind, id);
		if (entry.isEmpty()) {
			return Optional.of("'" + Text.forLog(id, 80) + "' is not a registered " + kind.noun()
					+ " (GET /api/v1/registries/" + kind.path() + " lists them; the office registers one with PUT "
					+ "/api/v1/admin/registries/" + kind.path() + "/{id})");
		}
		return entry.get().inactiveBecause(day).map((why) -> kind.noun() + " '" + id + "' " + why);
	}

	/**
	 * Reads an entry of the registry.
	 * @throws IllegalArgumentException if the JSON is not such an entry
	 */
	public static RegistryEntry read(RegistryEntry.Kind kind, byte[] json) {
		try {
			return switch (kind) {
				case SERVICE_ORGANISATION -> JSON.readValue(json, OrganisationJson.class).toEntry();
				case COMMISSIONER -> JSON.readValue(json, CommissionerJson.class).toEntry();
				case CHAIN_LEADER -> JSON.readValue(json, ChainLeaderJson.class).toEntry();
			};
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not a " + kind.noun() + ": " + ex.getOriginalMessage(), ex);
		}
		catch (NullPointerException | DateTimeParseException ex) {
			throw new IllegalArgumentException("not a " + kind.noun() + ": " + ex.getMessage() + " is missing or wrong",
					ex);
		}
	}

	/** Writes an entry as JSON, the format {@link #read} reads. */
	public static byte[] write(RegistryEntry entry) {
		Object json;
		if (entry instanceof RegistryEntry.ServiceOrganisation organisation) {
			json = OrganisationJson.of(organisation);
		}
		else if (entry instanceof RegistryEntry.Commissioner commissioner) {
			json = CommissionerJson.of(commissioner);
		}
		else {
			json = ChainLeaderJson.of((RegistryEntry.ChainLeader) entry);
		}
		return JSON.writeValueAsBytes(json);
	}

	private static <T> T required(T value, String field) {
		return Objects.requireNonNull(value, field);
	}

	private static LocalDate day(String text, String field) {
		try {
			return (text != null) ? LocalDate.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					field + " is a day like 2025-07-18, not '" + Text.forLog(text, 40) + "'");
		}
	}

	private static <E extends Enum<E>> E constant(Class<E> type, String name, String field) {
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equals(name)) {
				return constant;
			}
		}
		throw new IllegalArgumentException(field + " is one of " + java.util.Arrays.toString(type.getEnumConstants())
				+ ", not '" + Text.forLog(name, 40) + "'");
	}

	record Names(String zh, String en) {

		Programme.Names toNames() {
			return new Programme.Names(required(this.zh, "name.zh"), required(this.en, "name.en"));
		}

		static Names of(Programme.Names names) {
			return new Names(names.zh(), names.en());
		}

	}

	record OrganisationJson(String id, Names name, List<String> domains, String vetting) {

		RegistryEntry.ServiceOrganisation toEntry() {
			List<ServiceDomain> parsed = new ArrayList<>();
			for (String domain : required(this.domains, "domains")) {
				parsed.add(constant(ServiceDomain.class, required(domain, "domains[]"), "domains[]"));
			}
			return new RegistryEntry.ServiceOrganisation(required(this.id, "id"), required(this.name, "name").toNames(),
					parsed, constant(RegistryEntry.Vetting.class, required(this.vetting, "vetting"), "vetting"));
		}

		static OrganisationJson of(RegistryEntry.ServiceOrganisation organisation) {
			return new OrganisationJson(organisation.id(), Names.of(organisation.name()),
					organisation.domains().stream().map(Enum::name).toList(), organisation.vetting().name());
		}

	}

	record CommissionerJson(String id, String team, String activeFrom, String activeUntil) {

		RegistryEntry.Commissioner toEntry() {
			return new RegistryEntry.Commissioner(required(this.id, "id"), required(this.team, "team"),
					required(day(this.activeFrom, "activeFrom"), "activeFrom"), day(this.activeUntil, "activeUntil"));
		}

		static CommissionerJson of(RegistryEntry.Commissioner commissioner) {
			return new CommissionerJson(commissioner.id(), commissioner.team(), commissioner.activeFrom().toString(),
					(commissioner.activeUntil() != null) ? commissioner.activeUntil().toString() : null);
		}

	}

	record SolutionJson(String id, Names name, String publishedOn) {

		RegistryEntry.Solution toSolution() {
			return new RegistryEntry.Solution(required(this.id, "solutions[].id"),
					required(this.name, "solutions[].name").toNames(),
					required(day(this.publishedOn, "publishedOn"), "solutions[].publishedOn"));
		}

		static SolutionJson of(RegistryEntry.Solution solution) {
			return new SolutionJson(solution.id(), Names.of(solution.name()), solution.publishedOn().toString());
		}

	}

	record ChainLeaderJson(String id, Names name, Boolean active, List<SolutionJson> solutions) {

		RegistryEntry.ChainLeader toEntry() {
			List<RegistryEntry.Solution> parsed = new ArrayList<>();
			for (SolutionJson solution : (this.solutions != null) ? this.solutions : List.<SolutionJson>of()) {
				parsed.add(required(solution, "solutions[]").toSolution());
			}
			return new RegistryEntry.ChainLeader(required(this.id, "id"), required(this.name, "name").toNames(),
					required(this.active, "active"), parsed);
		}

		static ChainLeaderJson of(RegistryEntry.ChainLeader leader) {
			return new ChainLeaderJson(leader.id(), Names.of(leader.name()), leader.active(),
					leader.solutions().stream().map(SolutionJson::of).toList());
		}

	}

}
