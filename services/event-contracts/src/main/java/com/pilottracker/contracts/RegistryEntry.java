package com.pilottracker.contracts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An entry of one of the office's registries: a service organisation (a provider), a
 * digital commissioner, or a chain-leader enterprise with the solutions it published.
 * Milestones name entries ({@code data.provider}, or an attribute of a registry's
 * {@link Programme.AttributeKind kind}); the gateway refuses a milestone naming one that
 * is not registered or not active ({@link #activeOn}).
 */
public sealed interface RegistryEntry {

	/**
	 * An entry's id (a provider's id is its API key's principal): lower-case letters,
	 * digits, dashes.
	 */
	Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	/** The entry's id within its registry. */
	String id();

	/** Its registry. */
	Kind kind();

	/**
	 * The names people read; a commissioner, who is pseudonymous, has none but its id.
	 */
	Optional<Programme.Names> names();

	/**
	 * Whether a milestone dated {@code day} (in the programme's time zone) may name it.
	 */
	boolean activeOn(LocalDate day);

	/**
	 * Why a milestone dated {@code day} may not name it, for a problem; empty if it may.
	 */
	default Optional<String> inactiveBecause(LocalDate day) {
		return activeOn(day) ? Optional.empty() : Optional.of("is not active on " + day);
	}

	/** The three registries. */
	enum Kind {

		/** Service organisations: the providers. */
		SERVICE_ORGANISATION("service-organisations", "service organisation"),

		/** Digital commissioners (数字专员). */
		COMMISSIONER("commissioners", "digital commissioner"),

		/** Chain-leader enterprises (链主) and their solutions. */
		CHAIN_LEADER("chain-leaders", "chain-leader enterprise");

		private final String path;

		private final String noun;

		Kind(String path, String noun) {
			this.path = path;
			this.noun = noun;
		}

		/** Its name in URLs and on the wire: {@code service-organisations}, … */
		public String path() {
			return this.path;
		}

		/** What one entry is called in messages. */
		public String noun() {
			return this.noun;
		}

		/** The registry named {@code path}, if there is one. */
		public static Optional<Kind> of(String path) {
			for (Kind kind : values()) {
				if (kind.path.equals(path)) {
					return Optional.of(kind);
				}
			}
			return Optional.empty();
		}

	}

	/** Where a service organisation stands in the city's vetting. */
	enum Vetting {

		/** Applied, not vetted yet: may not be named. */
		APPLIED,

		/** Vetted: may be named. */
		VETTED,

		/** Suspended by the office: may not be named until vetted again. */
		SUSPENDED,

		/** Struck off the list for good. */
		STRUCK_OFF

	}

	/**
	 * A service organisation (服务机构): a provider.
	 *
	 * @param id its id, which contracts name in {@code data.provider} and its API keys
	 * carry as their principal
	 * @param name its names (the Chinese name as registered)
	 * @param domains the service domains it is vetted for, at least one
	 * @param vetting where it stands; only a {@link Vetting#VETTED} one may be named
	 */
	record ServiceOrganisation(String id, Programme.Names name, List<ServiceDomain> domains,
			Vetting vetting) implements RegistryEntry {

		public ServiceOrganisation {
			requireId(id);
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(domains, "domains");
			Objects.requireNonNull(vetting, "vetting");
			if (domains.isEmpty() || domains.stream().anyMatch(Objects::isNull)
					|| new HashSet<>(domains).size() != domains.size()) {
				throw new IllegalArgumentException(
						"a service organisation has one or more service domains, each once, of "
								+ List.of(ServiceDomain.values()));
			}
			domains = List.copyOf(domains);
		}

		@Override
		public Kind kind() {
			return Kind.SERVICE_ORGANISATION;
		}

		@Override
		public Optional<Programme.Names> names() {
			return Optional.of(this.name);
		}

		@Override
		public boolean activeOn(LocalDate day) {
			return this.vetting == Vetting.VETTED;
		}

		@Override
		public Optional<String> inactiveBecause(LocalDate day) {
			return activeOn(day) ? Optional.empty() : Optional.of("is " + this.vetting + ", not VETTED");
		}

	}

	/**
	 * A digital commissioner (数字专员) of the 千员万企 action: a person, kept under a
	 * pseudonymous id.
	 *
	 * @param id the pseudonymous id
	 * @param team the team it serves in
	 * @param activeFrom the first day it may diagnose
	 * @param activeUntil the last day, if its service ended
	 */
	record Commissioner(String id, String team, LocalDate activeFrom, LocalDate activeUntil) implements RegistryEntry {

		public Commissioner {
			requireId(id);
			requireText(team, "team");
			Objects.requireNonNull(activeFrom, "activeFrom");
			if (activeUntil != null && activeUntil.isBefore(activeFrom)) {
				throw new IllegalArgumentException(
						"activeUntil (" + activeUntil + ") is before activeFrom (" + activeFrom + ")");
			}
		}

		@Override
		public Kind kind() {
			return Kind.COMMISSIONER;
		}

		@Override
		public Optional<Programme.Names> names() {
			return Optional.empty();
		}

		@Override
		public boolean activeOn(LocalDate day) {
			return !day.isBefore(this.activeFrom) && (this.activeUntil == null || !day.isAfter(this.activeUntil));
		}

		@Override
		public Optional<String> inactiveBecause(LocalDate day) {
			return activeOn(day) ? Optional.empty() : Optional.of("serves from " + this.activeFrom
					+ ((this.activeUntil != null) ? " to " + this.activeUntil : "") + ", not on " + day);
		}

	}

	/**
	 * A chain-leader enterprise (链主) and the "small, fast, light, precise" (小快轻准)
	 * solutions it published.
	 *
	 * @param id its USCC
	 * @param name its names
	 * @param active whether its solutions may be named now
	 * @param solutions what it published, each once
	 */
	record ChainLeader(String id, Programme.Names name, boolean active,
			List<Solution> solutions) implements RegistryEntry {

		public ChainLeader {
			new Uscc(id);
			Objects.requireNonNull(name, "name");
			solutions = List.copyOf((solutions != null) ? solutions : List.of());
			Set<String> ids = new HashSet<>();
			for (Solution solution : solutions) {
				if (!ids.add(solution.id())) {
					throw new IllegalArgumentException("solution " + solution.id() + " is listed twice");
				}
			}
		}

		@Override
		public Kind kind() {
			return Kind.CHAIN_LEADER;
		}

		@Override
		public Optional<Programme.Names> names() {
			return Optional.of(this.name);
		}

		@Override
		public boolean activeOn(LocalDate day) {
			return this.active;
		}

		@Override
		public Optional<String> inactiveBecause(LocalDate day) {
			return this.active ? Optional.empty() : Optional.of("is not active");
		}

		/** The solution with this id, if it published one. */
		public Optional<Solution> solution(String solutionId) {
			return this.solutions.stream().filter((solution) -> solution.id().equals(solutionId)).findFirst();
		}

		/**
		 * What keeps {@code next} from being the revision after this one: a published
		 * solution stays (its name may be reworded), with its day of publication.
		 */
		public List<String> differences(ChainLeader next) {
			List<String> differences = new ArrayList<>();
			for (Solution published : this.solutions) {
				Optional<Solution> kept = next.solution(published.id());
				if (kept.isEmpty()) {
					differences.add("solution " + published.id() + " was published; it stays in the registry");
				}
				else if (!kept.get().publishedOn().equals(published.publishedOn())) {
					differences.add("solution " + published.id() + " was published on " + published.publishedOn()
							+ "; that day stays");
				}
			}
			return differences;
		}

	}

	/**
	 * A solution a chain leader published.
	 *
	 * @param id its id
	 * @param name its names
	 * @param publishedOn the day it was published
	 */
	record Solution(String id, Programme.Names name, LocalDate publishedOn) {

		public Solution {
			requireId(id);
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(publishedOn, "publishedOn");
		}

	}

	private static void requireId(String id) {
		Objects.requireNonNull(id, "id");
		if (!ID.matcher(id).matches()) {
			throw new IllegalArgumentException(
					"an id is 2 to 64 lower-case letters, digits and dashes, starting with a letter or digit: '"
							+ Text.forLog(id, 80) + "'");
		}
	}

	private static void requireText(String text, String field) {
		Objects.requireNonNull(text, field);
		if (text.isBlank() || text.length() > 200 || !Text.isClean(text)) {
			throw new IllegalArgumentException(
					field + " is 1 to 200 characters of printable text: '" + Text.forLog(text, 80) + "'");
		}
	}

}
