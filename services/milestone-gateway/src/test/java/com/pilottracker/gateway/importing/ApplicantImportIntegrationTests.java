package com.pilottracker.gateway.importing;

import java.nio.charset.StandardCharsets;

import com.pilottracker.contracts.Topics;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ConsumerLag;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class ApplicantImportIntegrationTests {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	@Autowired
	WebTestClient anonymous;

	OfficeClient office;

	@BeforeEach
	void office() {
		this.office = new OfficeClient(this.anonymous);
	}

	@Test
	void importsEachValidRowAsASolicitedMilestoneAndAnswersEveryRow() {
		String first = OfficeClient.newUscc();
		String second = OfficeClient.newUscc();
		String csv = "\uFEFF统一社会信用代码,企业名称,所属区,行业,申报日期\r\n" + first + ",厦门嘉鹭电子科技有限公司,思明区,电子信息,2024-03-05\r\n" + second
				+ ",厦门海信光电科技有限公司,湖里区,光学视讯,2024/4/1\r\n" + first.toLowerCase() + ",小写,思明区,电子信息,2024-03-05\r\n" + first
				+ ",厦门嘉鹭电子科技有限公司,思明区,电子信息,2024-03-05\r\n" + "91350203MA2YQ8LX3A,错码,火星区,电子信息,2024年13月1日\r\n";
		long before = records();

		JsonNode result = upload(csv);

		assertThat(result.path("rows").asInt()).isEqualTo(5);
		assertThat(result.path("accepted").asInt()).isEqualTo(2);
		assertThat(result.path("duplicateRows").asInt()).isEqualTo(1);
		assertThat(result.path("refused").asInt()).isEqualTo(2);
		JsonNode rows = result.path("results");
		assertThat(rows.get(0).path("line").asInt()).isEqualTo(2);
		assertThat(rows.get(0).path("outcome").asString()).isEqualTo("ACCEPTED");
		assertThat(rows.get(0).path("receipt").path("id").asString()).isEqualTo("applicant-" + first);
		assertThat(rows.get(0).path("receipt").path("time").asString()).isEqualTo("2024-03-04T16:00:00Z");
		assertThat(rows.get(2).path("outcome").asString()).isEqualTo("REFUSED");
		assertThat(rows.get(2).path("status").asInt()).isEqualTo(422);
		assertThat(rows.get(2).path("errors").get(0).path("pointer").asString()).isEqualTo("uscc");
		assertThat(rows.get(3).path("outcome").asString()).isEqualTo("DUPLICATE_ROW");
		assertThat(rows.get(4).path("errors").toString()).contains("appliedOn", "district", "GB 32100-2015 expects");
		assertThat(records()).isEqualTo(before + 2);
		this.office.office()
			.get()
			.uri("/api/v1/admin/audit?action=applicants.imported&limit=1")
			.exchange()
			.expectBody()
			.jsonPath("$[0].target")
			.isEqualTo(result.path("file").asString())
			.jsonPath("$[0].detail")
			.value((String detail) -> assertThat(detail).startsWith("2 accepted"));
	}

	@Test
	void uploadingTheSameFileAgainChangesNothing() {
		String csv = "USCC,Name,District,Industry,Applied on\n" + OfficeClient.newUscc()
				+ ",Sun Ltd,集美区,新能源,2024-05-06\n" + OfficeClient.newUscc() + ",Moon Ltd,同安区,新材料,2024-05-07\n";
		assertThat(upload(csv).path("accepted").asInt()).isEqualTo(2);
		long before = records();

		JsonNode again = upload(csv);

		assertThat(again.path("accepted").asInt()).isZero();
		assertThat(again.path("alreadyImported").asInt()).isEqualTo(2);
		assertThat(again.path("results").get(0).path("outcome").asString()).isEqualTo("ALREADY_IMPORTED");
		assertThat(records()).isEqualTo(before);
	}

	@Test
	void theSameEnterpriseWithOtherValuesIsAConflictNotACorrection() {
		String uscc = OfficeClient.newUscc();
		upload("uscc,district,industry,applied on\n" + uscc + ",思明区,电子信息,2024-03-05\n");

		JsonNode changed = upload("uscc,district,industry,applied on\n" + uscc + ",思明区,电子信息,2024-03-06\n");

		assertThat(changed.path("results").get(0).path("status").asInt()).isEqualTo(409);
	}

	@Test
	void aFileThatCannotBeReadIsRefusedAsAWhole() {
		this.office.office()
			.post()
			.uri("/api/v1/admin/imports/applicants")
			.contentType(CSV)
			.bodyValue("企业名称,行业\n厦门,电子信息\n".getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(3);
		this.office.office()
			.post()
			.uri("/api/v1/admin/imports/applicants")
			.contentType(CSV)
			.bodyValue("统一社会信用代码,所属区,行业,申报日期\n".getBytes(java.nio.charset.Charset.forName("GBK")))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].detail")
			.value((String detail) -> assertThat(detail).contains("not UTF-8"));
	}

	@Test
	void onlyTheOfficeImports() {
		WebTestClient provider = this.office.as(this.office.key(OfficeClient.uniqueProvider("importer"), "PROVIDER"));
		provider.post()
			.uri("/api/v1/admin/imports/applicants")
			.contentType(CSV)
			.bodyValue("uscc,district,industry,applied on\n".getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private JsonNode upload(String csv) {
		return this.office.office()
			.post()
			.uri("/api/v1/admin/imports/applicants")
			.contentType(CSV)
			.bodyValue(csv.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static long records() {
		return ConsumerLag.recordsIn(TestInfrastructure.get().kafkaBootstrapServers(), Topics.MILESTONES);
	}

}
