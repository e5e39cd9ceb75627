package com.pilottracker.benchmarks.micro;

import java.util.concurrent.TimeUnit;

import com.pilottracker.contracts.Uscc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** USCC validation (GB 32100-2015): form, character set and check character. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UsccBenchmark {

	private final String[] codes = { "91350203MA2YQ8KX3D", "91350200MA31XGBR6T", "913502007054123456",
			"91350206MA34A1C45F" };

	private int next;

	@Benchmark
	public boolean validate() {
		String code = this.codes[this.next++ & 3];
		return new Uscc(code).hasValidCheckCharacter();
	}

	@Benchmark
	public char checkCharacter() {
		return Uscc.checkCharacterFor(this.codes[this.next++ & 3].substring(0, 17));
	}

}
