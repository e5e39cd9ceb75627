package com.pilottracker.projection.access;

import java.util.regex.Pattern;

import com.pilottracker.testsupport.ImportPilotInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leadership page and its files come with the security headers, and the page's own
 * markup needs nothing the Content-Security-Policy forbids (the browser test,
 * {@code LeadershipPageSystemTests}, checks that the browser reports no violation).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class LeadershipPageHeadersIntegrationTests {

	@Autowired
	WebTestClient anonymous;

	@Test
	void servesThePageAndItsFilesWithTheSecurityHeaders() {
		for (String path : new String[] { "/leadership/", "/leadership/index.html", "/leadership/app.js",
				"/leadership/app.css" }) {
			this.anonymous.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Content-Security-Policy", ProjectionSecurity.CONTENT_SECURITY_POLICY)
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer")
				.expectHeader()
				.valueEquals("X-Frame-Options", "DENY")
				.expectHeader()
				.valueEquals("Cross-Origin-Opener-Policy", "same-origin")
				.expectHeader()
				.exists("Permissions-Policy");
		}
	}

	@Test
	void answersTheApiAndItsRefusalsWithTheSameHeaders() {
		this.anonymous.get()
			.uri("/api/v1/funnel")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("Content-Security-Policy", ProjectionSecurity.CONTENT_SECURITY_POLICY)
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff");
	}

	@Test
	void allowsOnlyThePagesOwnFilesAndNoInlineCode() {
		String policy = ProjectionSecurity.CONTENT_SECURITY_POLICY;
		assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
				"frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "data:", "*");
	}

	@Test
	void needsNoInlineScriptStyleOrHandlerInThePage() {
		String page = this.anonymous.get()
			.uri("/leadership/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).containsPattern("<script[^>]*\\ssrc=\"app\\.js\"");
		assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(page).find()).as("an inline <script>")
			.isFalse();
		assertThat(Pattern.compile("<style[\\s>]").matcher(page).find()).as("a <style> element").isFalse();
		assertThat(Pattern.compile("\\sstyle=").matcher(page).find()).as("a style attribute").isFalse();
		assertThat(Pattern.compile("\\son[a-z]+=").matcher(page).find()).as("an event handler attribute").isFalse();
		String script = this.anonymous.get()
			.uri("/leadership/app.js")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(script).as("string sinks the policy's Trusted Types requirement refuses")
			.doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function");
	}

}
