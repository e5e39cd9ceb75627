package com.pilottracker.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One definition of a programme as the office made it: its first ({@code revision} 1) or
 * a later revision, who made it, when and why. The definitions that ship are revision 1,
 * made by the release at the epoch ({@link #shipped}).
 * <p>
 * A revision may change only what no decision depends on ({@link #differences}): names,
 * labels, {@code stalledAfter}, and optional attributes added. Everything the lifecycle
 * decides by — stages, their order and milestone types, who reports them, exits, renewal,
 * re-entry, the hold limit, the attributes already declared — stays as the first
 * definition made it, so the decisions on a programme's milestones are the same whichever
 * revision a service holds, and a replay of the log decides as the first pass did. A
 * programme whose rules must change is a new programme (another id).
 *
 * @param definition the definition; its {@link Programme#revision()} is this revision's
 * number
 * @param recordedAt when the office made it (the record's timestamp on
 * {@link Topics#PROGRAMMES}); a milestone of a new programme accepted before its revision
 * 1 was recorded is not the programme's
 * @param recordedBy who made it (the office key's principal)
 * @param reason why, as the office gave it
 */
public record ProgrammeRevision(Programme definition, Instant recordedAt, String recordedBy, String reason) {

	/** Who made the definitions that ship. */
	public static final String RELEASE = "release";

	public ProgrammeRevision {
		Objects.requireNonNull(definition, "definition");
		Objects.requireNonNull(recordedAt, "recordedAt");
		Objects.requireNonNull(recordedBy, "recordedBy");
		Objects.requireNonNull(reason, "reason");
	}

	/** A definition that ships with the release: in force since the epoch. */
	public static ProgrammeRevision shipped(Programme definition) {
		return new ProgrammeRevision(definition, Instant.EPOCH, RELEASE, "shipped with the release");
	}

	public String programme() {
		return this.definition.id();
	}

	public int revision() {
		return this.definition.revision();
	}

	/**
	 * What keeps {@code next} from being the revision after {@code previous}: each
	 * difference names the place in the definition (a JSON pointer into the format of
	 * {@link Programmes#write}) and what may not change; empty when it may follow.
	 */
	public static List<Difference> differences(Programme previous, Programme next) {
		List<Difference> differences = new ArrayList<>();
		same(differences, "/id", previous.id(), next.id(), "is the programme's; a revision keeps it");
		if (next.revision() != previous.revision() + 1) {
			differences.add(new Difference("/revision", "is " + next.revision() + "; the revision after "
					+ previous.revision() + " is " + (previous.revision() + 1)));
		}
		if (previous.stages().size() != next.stages().size()) {
			differences.add(new Difference("/stages", "has " + next.stages().size() + " stages, the programme "
					+ previous.stages().size() + "; a revision neither adds nor removes a stage"));
		}
		else {
			for (int i = 0; i < previous.stages().size(); i++) {
				Programme.StageDefinition was = previous.stages().get(i);
				Programme.StageDefinition is = next.stages().get(i);
				String at = "/stages/" + i;
				same(differences, at + "/stage", was.stage(), is.stage(), "names the stage decisions were made on");
				same(differences, at + "/milestone", was.milestone(), is.milestone(),
						"is the type milestones were accepted as");
				same(differences, at + "/needsPredecessor", was.needsPredecessor(), is.needsPredecessor(),
						"decides which milestones are held");
				same(differences, at + "/reportedBy", was.reportedBy(), is.reportedBy(),
						"decides which milestones are accepted");
				same(differences, at + "/namesProvider", was.namesProvider(), is.namesProvider(),
						"decides which provider holds an enterprise");
			}
		}
		if (previous.exits().size() != next.exits().size()) {
			differences.add(new Difference("/exits", "has " + next.exits().size() + " exits, the programme "
					+ previous.exits().size() + "; a revision neither adds nor removes an exit"));
		}
		else {
			for (int i = 0; i < previous.exits().size(); i++) {
				Programme.ExitDefinition was = previous.exits().get(i);
				Programme.ExitDefinition is = next.exits().get(i);
				String at = "/exits/" + i;
				same(differences, at + "/stage", was.stage(), is.stage(), "names the exit decisions were made on");
				same(differences, at + "/milestone", was.milestone(), is.milestone(),
						"is the type milestones were accepted as");
				same(differences, at + "/reportedBy", was.reportedBy(), is.reportedBy(),
						"decides which milestones are accepted");
			}
		}
		same(differences, "/renewal", previous.renewal(), next.renewal(), "decides renewals and lapses");
		same(differences, "/reentry", previous.reentry(), next.reentry(), "decides whether an exit is final");
		same(differences, "/holdLimit", previous.holdLimit(), next.holdLimit(),
				"decides when a held milestone is rejected");
		Map<String, Programme.AttributeDefinition> after = next.attributes()
			.stream()
			.collect(Collectors.toMap(Programme.AttributeDefinition::name, Function.identity()));
		for (Programme.AttributeDefinition was : previous.attributes()) {
			String at = "/attributes/" + was.name();
			Optional<Programme.AttributeDefinition> is = Optional.ofNullable(after.remove(was.name()));
			if (is.isEmpty()) {
				differences.add(new Difference(at, "is declared; a revision does not remove an attribute"));
				continue;
			}
			same(differences, at + "/kind", was.kind(), is.get().kind(), "is what accepted milestones carry");
			same(differences, at + "/required", was.required(), is.get().required(),
					"decides which milestones are accepted");
		}
		after.values()
			.stream()
			.filter(Programme.AttributeDefinition::required)
			.forEach((added) -> differences.add(new Difference("/attributes/" + added.name() + "/required",
					"is true; an attribute a revision adds is optional, or milestones accepted before would lack it")));
		return differences;
	}

	private static void same(List<Difference> differences, String pointer, Object was, Object is, String why) {
		if (!Objects.equals(was, is)) {
			differences.add(new Difference(pointer,
					"was " + shown(was) + ", is " + shown(is) + ": it " + why + " and a revision may not change it"));
		}
	}

	private static String shown(Object value) {
		Object plain = (value instanceof Optional<?> optional) ? optional.map(Object::toString).orElse("none") : value;
		return Text.forLog(String.valueOf(plain), 80);
	}

	/**
	 * Why a definition may not be the next revision.
	 *
	 * @param pointer where in the definition
	 * @param detail what may not change, and why
	 */
	public record Difference(String pointer, String detail) {

	}

}
