package com.pilottracker.gateway.importing;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import com.pilottracker.gateway.importing.ApplicantCsv.Parsed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicantCsvTests {

	@Test
	void readsChineseHeadersWithAByteOrderMarkAndCrlf() {
		Parsed parsed = parse(
				"\uFEFF统一社会信用代码,企业名称,所属区,行业,申报日期\r\n" + "91350203MA2YQ8LX3B,厦门嘉鹭电子科技有限公司,思明区,电子信息,2024-03-05\r\n");

		assertThat(parsed.errors()).isEmpty();
		assertThat(parsed.rows()).singleElement().satisfies((row) -> {
			assertThat(row.line()).isEqualTo(2);
			assertThat(row.uscc()).isEqualTo("91350203MA2YQ8LX3B");
			assertThat(row.name()).isEqualTo("厦门嘉鹭电子科技有限公司");
			assertThat(row.district()).isEqualTo("思明区");
			assertThat(row.industry()).isEqualTo("电子信息");
			assertThat(row.appliedOn()).isEqualTo(LocalDate.of(2024, 3, 5));
			assertThat(row.errors()).isEmpty();
		});
	}

	@Test
	void readsEnglishHeadersInAnyCaseAndOrderAndIgnoresUnknownColumns() {
		Parsed parsed = parse("Applied On, District ,USCC,Industry,Name,Contact\n"
				+ "2024/3/5,湖里区,91350206MA2YQ8LX3B,新能源,\"Xiamen \"\"Sun\"\", Ltd\",Li\n");

		assertThat(parsed.errors()).isEmpty();
		assertThat(parsed.ignoredColumns()).containsExactly("Contact");
		assertThat(parsed.rows()).singleElement().satisfies((row) -> {
			assertThat(row.name()).isEqualTo("Xiamen \"Sun\", Ltd");
			assertThat(row.district()).isEqualTo("湖里区");
			assertThat(row.appliedOn()).isEqualTo(LocalDate.of(2024, 3, 5));
		});
	}

	@Test
	void readsTheDateFormsAnOfficeWrites() {
		Parsed parsed = parse("uscc,district,industry,applied on\na,b,c,2024年3月5日\na,b,c,2024.03.05\na,b,c,2024-3-5\n"
				+ "a,b,c,2024-03-05 00:00:00\na,b,c,5/3/2024\na,b,c,2024-02-30\n");

		assertThat(parsed.rows()).extracting(ApplicantCsv.Row::appliedOn)
			.containsExactly(LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 5),
					LocalDate.of(2024, 3, 5), null, null);
		assertThat(parsed.rows().get(4).errors()).singleElement()
			.satisfies((error) -> assertThat(error.detail()).contains("'5/3/2024' is not a date"));
		assertThat(parsed.rows().get(5).errors()).hasSize(1);
	}

	@Test
	void keepsLineNumbersAcrossBlankLinesAndQuotedLineBreaks() {
		Parsed parsed = parse(
				"uscc,district,industry,applied on,name\n\nA,b,c,2024-03-05,\"two\nlines\"\nB,b,c,2024-03-05,x\n");

		assertThat(parsed.rows()).extracting(ApplicantCsv.Row::line).containsExactly(3, 5);
		assertThat(parsed.rows().get(0).name()).isEqualTo("two\nlines");
	}

	@Test
	void treatsEmptyCellsAsMissingValues() {
		Parsed parsed = parse("uscc,district,industry,applied on\n , ,电子信息,\n");

		assertThat(parsed.rows()).singleElement().satisfies((row) -> {
			assertThat(row.uscc()).isNull();
			assertThat(row.district()).isNull();
			assertThat(row.appliedOn()).isNull();
			assertThat(row.errors()).isEmpty();
		});
	}

	@Test
	void refusesAFileThatIsNotUtf8() {
		Parsed parsed = ApplicantCsv.parse("统一社会信用代码,所属区,行业,申报日期\n".getBytes(Charset.forName("GBK")), 10);

		assertThat(parsed.errors()).singleElement()
			.satisfies((error) -> assertThat(error.detail()).contains("not UTF-8"));
	}

	@Test
	void namesEveryMissingOrRepeatedColumn() {
		assertThat(parse("uscc,USCC,行业\n").errors()).extracting((error) -> error.detail())
			.containsExactly("column 'USCC' is given twice", "column 所属区 / district is missing",
					"column 申报日期 / applied on is missing");
	}

	@Test
	void refusesEmptyFilesHeaderOnlyFilesAndBrokenQuotes() {
		assertThat(parse("").errors()).singleElement()
			.satisfies((error) -> assertThat(error.detail()).contains("empty"));
		assertThat(parse("uscc,district,industry,applied on\n\n").errors()).singleElement()
			.satisfies((error) -> assertThat(error.detail()).contains("no applicants"));
		assertThat(parse("uscc,district,industry,applied on\n\"A,b,c,d\n").errors()).singleElement()
			.satisfies((error) -> assertThat(error.detail()).contains("not closed"));
		assertThat(parse("uscc,district,industry,applied on\nA\"B,b,c,d\n").errors()).singleElement()
			.satisfies((error) -> assertThat(error.detail()).contains("quote inside"));
	}

	@Test
	void stopsAtTheRowLimit() {
		assertThat(parse("uscc,district,industry,applied on\na,b,c,d\na,b,c,d\n", 2).tooLarge()).isFalse();
		assertThat(parse("uscc,district,industry,applied on\na,b,c,d\na,b,c,d\na,b,c,d\n", 2).tooLarge()).isTrue();
	}

	private static Parsed parse(String csv) {
		return parse(csv, 100);
	}

	private static Parsed parse(String csv, int maxRows) {
		return ApplicantCsv.parse(csv.getBytes(StandardCharsets.UTF_8), maxRows);
	}

}
