package com.pilottracker.projection.funnel.web;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Text;
import com.pilottracker.kafka.ProgrammeCatalog;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code programme} parameter of the funnel's and the analytics' requests: a
 * programme of the catalog, the pilot when none is named (so the requests of the release
 * before keep their answers).
 */
public final class ProgrammeParameter {

	private ProgrammeParameter() {
	}

	/**
	 * The programme named, the pilot if {@code id} is {@code null}.
	 * @throws ResponseStatusException 404 (a problem body) if the catalog has no such
	 * programme
	 */
	public static Programme programme(ProgrammeCatalog programmes, String id) {
		if (id == null) {
			return programmes.orPilot(null);
		}
		return programmes.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no programme '" + Text.forLog(id, 64)
					+ "'; the programmes are " + programmes.all().stream().map(Programme::id).toList()));
	}

}
