package com.pilottracker.projection.funnel.rebuild;

import com.pilottracker.projection.funnel.store.Rebuilds;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * A rebuild whose process stopped part-way (killed, restarted) left its tables beside the
 * live ones, which it never touched: at start they are dropped, unless a rebuild runs on
 * another instance now. The next rebuild would drop them too; this gives the disk back
 * sooner.
 */
@Component
class RebuildLeftovers implements ApplicationRunner {

	private final Rebuilds rebuilds;

	RebuildLeftovers(Rebuilds rebuilds) {
		this.rebuilds = rebuilds;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.rebuilds.dropAbandoned();
	}

}
