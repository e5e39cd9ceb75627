package com.pilottracker.gateway.importing;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pilottracker.access.Caller;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.gateway.audit.AuditLog;
import com.pilottracker.gateway.milestone.InvalidMilestoneException;
import com.pilottracker.gateway.milestone.MilestoneConflictException;
import com.pilottracker.gateway.milestone.MilestoneSubmission;
import com.pilottracker.gateway.milestone.Submitted;
import com.pilottracker.gateway.problem.FieldError;
import com.pilottracker.gateway.problem.ForbiddenException;
import com.pilottracker.gateway.problem.InvalidRequestException;
import com.pilottracker.gateway.receipt.Receipt;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ContentTooLargeException;

/**
 * {@code POST /api/v1/admin/imports/applicants}: the office uploads its applicant list as
 * CSV; each row becomes a {@code pilot.solicited} milestone from
 * {@code /programme-office} whose id is {@code applicant-<USCC>}, checked like any other.
 * The answer has one result per row. Uploading the same file again changes nothing: each
 * row's milestone is already known, with the same body, and says so.
 */
@RestController
class ApplicantImportController {

	private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	private static final Map<String, String> COLUMN_OF_POINTER = Map.of("/subject", "uscc", "/time", "appliedOn",
			"/data/district", "district", "/data/industry", "industry", "/data/enterpriseName", "name");

	private final MilestoneSubmission submission;

	private final AuditLog audit;

	private final int maxRows;

	/** The pilot's first stage's milestone: an applicant took part in its call. */
	private final MilestoneType entering;

	ApplicantImportController(MilestoneSubmission submission, AuditLog audit, ProgrammeCatalog programmes,
			@Value("${pilot.gateway.max-import-rows:20000}") int maxRows) {
		this.submission = submission;
		this.audit = audit;
		this.maxRows = maxRows;
		this.entering = programmes.require(Programmes.PILOT).stages().get(0).milestone();
	}

	@PostMapping(path = "/api/v1/admin/imports/applicants", consumes = "text/csv", produces = "application/json")
	Mono<ImportResult> importApplicants(@Parameter(hidden = true) @AuthenticationPrincipal Caller office,
			@RequestBody byte[] csv) {
		ApplicantCsv.Parsed parsed = ApplicantCsv.parse(csv, this.maxRows);
		if (parsed.tooLarge()) {
			return Mono.error(new ContentTooLargeException(new IllegalArgumentException(
					"an import holds at most " + this.maxRows + " applicants; split the file")));
		}
		if (!parsed.errors().isEmpty()) {
			return Mono.error(new InvalidRequestException(parsed.errors()));
		}
		Set<String> seen = new HashSet<>();
		List<ApplicantCsv.Row> submitted = new ArrayList<>();
		List<Map<String, Object>> events = new ArrayList<>();
		boolean[] duplicate = new boolean[parsed.rows().size()];
		for (int i = 0; i < duplicate.length; i++) {
			ApplicantCsv.Row row = parsed.rows().get(i);
			duplicate[i] = row.uscc() != null && !seen.add(row.uscc());
			if (!duplicate[i]) {
				submitted.add(row);
				events.add(event(office, this.entering, row));
			}
		}
		String file = fileHash(csv);
		// every row in one go: the submission takes them in set-based, in order
		return this.submission.submitAll(office, events).map((results) -> {
			List<RowResult> rows = new ArrayList<>(duplicate.length);
			int next = 0;
			for (int i = 0; i < duplicate.length; i++) {
				ApplicantCsv.Row row = parsed.rows().get(i);
				rows.add(duplicate[i] ? RowResult.of(row, Outcome.DUPLICATE_ROW, null, List.of())
						: result(submitted.get(next), results.get(next++)));
			}
			return ImportResult.of(file, parsed.ignoredColumns(), rows);
		})
			.flatMap((result) -> this.audit.audited(office, Mono.just(result),
					(done) -> (done.accepted() > 0) ? new AuditLog.Change("applicants.imported", file,
							done.accepted() + " accepted, " + done.alreadyImported() + " already imported, "
									+ done.refused() + " refused of " + done.rows() + " rows")
							: null));
	}

	private static RowResult result(ApplicantCsv.Row row, Submitted submitted) {
		if (submitted.isAccepted()) {
			return RowResult.of(row, submitted.repeated() ? Outcome.ALREADY_IMPORTED : Outcome.ACCEPTED,
					submitted.receipt(), List.of());
		}
		RuntimeException refusal = submitted.refusal();
		if (refusal instanceof InvalidMilestoneException invalid) {
			return RowResult.refused(row, 422, columns(row, invalid.errors()));
		}
		if (refusal instanceof MilestoneConflictException) {
			return RowResult.refused(row, 409, List.of(new FieldError("",
					"this enterprise was imported before with other values; a correction is not an import")));
		}
		if (refusal instanceof ForbiddenException) {
			return RowResult.refused(row, 403, List.of(new FieldError("", refusal.getMessage())));
		}
		if (!submitted.tried()) {
			return RowResult.refused(row, 503, List.of(new FieldError("",
					"the event log is unavailable; upload the file again later (rows already imported stay unchanged)")));
		}
		return RowResult.refused(row, 503, List.of(new FieldError("",
				"not imported: the event log or the receipt store did not answer; upload the file again later")));
	}

	private static String fileHash(byte[] csv) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(csv);
			return "sha256:" + java.util.HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static List<FieldError> columns(ApplicantCsv.Row row, List<FieldError> errors) {
		List<FieldError> byColumn = new ArrayList<>(row.errors());
		for (FieldError error : errors) {
			String column = COLUMN_OF_POINTER.getOrDefault(error.pointer(), error.pointer());
			if (!(column.equals("appliedOn") && !row.errors().isEmpty())) {
				byColumn.add(new FieldError(column, error.detail()));
			}
		}
		return byColumn;
	}

	private static Map<String, Object> event(Caller office, MilestoneType type, ApplicantCsv.Row row) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", "applicant-" + row.uscc());
		event.put("source", office.source());
		event.put("type", type.cloudEventType());
		event.put("subject", row.uscc());
		if (row.appliedOn() != null) {
			event.put("time",
					row.appliedOn().atStartOfDay().atOffset(CHINA).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		}
		event.put("datacontenttype", "application/json");
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("district", row.district());
		data.put("industry", row.industry());
		if (row.name() != null) {
			data.put("enterpriseName", row.name());
		}
		event.put("data", data);
		return event;
	}

	/** What became of a row. */
	enum Outcome {

		/** A new solicited milestone, accepted. */
		ACCEPTED,
		/** Imported before, with the same values: nothing changed. */
		ALREADY_IMPORTED,
		/** The enterprise is on an earlier row of the same file. */
		DUPLICATE_ROW,
		/** Not imported; see the status and errors. */
		REFUSED

	}

	/**
	 * One row's result.
	 *
	 * @param line the row's line in the file (the header is line 1)
	 * @param values the row as read
	 * @param outcome what became of it
	 * @param status the HTTP status the row would have had as a request of its own
	 * @param receipt the milestone's receipt, when it was accepted
	 * @param errors why it was refused, by column
	 */
	@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
	record RowResult(int line, Map<String, String> values, Outcome outcome, int status, Receipt receipt,
			List<FieldError> errors) {

		static RowResult of(ApplicantCsv.Row row, Outcome outcome, Receipt receipt, List<FieldError> errors) {
			return new RowResult(row.line(), row.values(), outcome, (outcome == Outcome.ACCEPTED) ? 202 : 200, receipt,
					errors);
		}

		static RowResult refused(ApplicantCsv.Row row, int status, List<FieldError> errors) {
			return new RowResult(row.line(), row.values(), Outcome.REFUSED, status, null, errors);
		}

	}

	/**
	 * The answer to an import.
	 *
	 * @param file the file's SHA-256 (its first 16 hex digits), as the audit trail names
	 * it
	 * @param rows how many applicant rows the file has
	 * @param accepted how many became new milestones
	 * @param alreadyImported how many were imported before with the same values
	 * @param duplicateRows how many repeat an earlier row of the file
	 * @param refused how many were not imported
	 * @param ignoredColumns headers that name no known column
	 * @param results one result per row, in file order
	 */
	record ImportResult(String file, int rows, int accepted, int alreadyImported, int duplicateRows, int refused,
			List<String> ignoredColumns, List<RowResult> results) {

		static ImportResult of(String file, List<String> ignoredColumns, List<RowResult> results) {
			return new ImportResult(file, results.size(), count(results, Outcome.ACCEPTED),
					count(results, Outcome.ALREADY_IMPORTED), count(results, Outcome.DUPLICATE_ROW),
					count(results, Outcome.REFUSED), ignoredColumns, results);
		}

		private static int count(List<RowResult> results, Outcome outcome) {
			return (int) results.stream().filter((result) -> result.outcome() == outcome).count();
		}

	}

}
