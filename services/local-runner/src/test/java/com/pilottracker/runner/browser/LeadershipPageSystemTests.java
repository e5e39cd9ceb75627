package com.pilottracker.runner.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.runner.system.DemoSystem;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.runner.demo.GradientScenario;
import com.pilottracker.runner.demo.OfficeApi;
import com.pilottracker.testsupport.TestApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leadership page in a real browser (Debian's headless Chromium, driven by Selenium)
 * against the three services as processes, on a broker and a database of its own: after
 * the Xiamen demo it shows 942 / 566 / 302; one more solicited milestone posted over HTTP
 * shows 943 within two seconds without a reload; the language switch works; the asOf
 * picker shows an earlier funnel; the programme selector shows the SME gradient with its
 * stage names from its definition in both languages, and its high-tech filter; the report
 * view shows the office's letter as of its date, each figure opening its funnel; all of
 * it under the page's Content-Security-Policy, with no violation reported. Screenshots go
 * to {@code target/screenshots/}.
 */
@Tag("system")
@Tag("browser")
class LeadershipPageSystemTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

	static DemoSystem demo;

	/**
	 * Run in every document before its own scripts (through the DevTools protocol, so the
	 * policy does not apply to it): it keeps each violation the browser reports.
	 */
	static final String VIOLATION_RECORDER = "window.pilotCspViolations = [];"
			+ "document.addEventListener('securitypolicyviolation', (event) => window.pilotCspViolations.push("
			+ "event.violatedDirective + ' blocked ' + event.blockedURI + ' at ' + event.sourceFile + ':'"
			+ " + event.lineNumber));";

	@BeforeAll
	static void startTheDemo() throws IOException {
		Files.createDirectories(SCREENSHOTS);
		demo = DemoSystem.get();
	}

	@Test
	void showsTheFunnelLiveInChineseAndEnglishAndAsOfAnEarlierDateWithoutAPolicyViolation() throws Exception {
		String viewerKey = new OfficeApi(gateway(), TestApiKeys.OFFICE).issue("leadership", "VIEWER",
				"the browser test");
		ChromeDriver browser = chromium();
		try {
			browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_RECORDER));
			browser.get(projection() + "/leadership/#key=" + viewerKey);
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
			wait.until((page) -> text(page, "reached-SOLICITED").equals("942"));
			assertThat(text(browser, "reached-CONTRACTED")).isEqualTo("566");
			assertThat(text(browser, "reached-PRE_ACCEPTANCE")).isEqualTo("302");
			assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
			assertThat(text(browser, "title")).isEqualTo("中小企业数字化转型试点进展");
			assertThat(browser.getCurrentUrl()).as("the key leaves the address bar").doesNotContain(viewerKey);
			screenshot(browser, "01-funnel-zh.png");

			// one more solicited milestone: the page shows it, live, without a reload
			JavascriptExecutor script = (JavascriptExecutor) browser;
			script.executeScript("window.pilotTestNoReload = true;");
			wait.until((page) -> "live".equals(page.findElement(By.tagName("body")).getDomAttribute("data-as-of")));
			postOneMoreSolicitation();
			Instant accepted = Instant.now();
			new WebDriverWait(browser, Duration.ofSeconds(2)).pollingEvery(Duration.ofMillis(50))
				.until((page) -> text(page, "reached-SOLICITED").equals("943"));
			System.out.println("leadership page: 943 shown " + Duration.between(accepted, Instant.now()).toMillis()
					+ " ms after the gateway accepted the milestone");
			assertThat(script.executeScript("return window.pilotTestNoReload === true;")).isEqualTo(true);
			screenshot(browser, "02-live-943.png");

			browser.findElement(By.id("lang-toggle")).click();
			wait.until((page) -> "en".equals(page.findElement(By.tagName("html")).getDomAttribute("lang")));
			assertThat(text(browser, "title")).isEqualTo(Programmes.pilot().name().en() + " progress");
			screenshot(browser, "03-english.png");

			List<Long> expected = reached(analytics("?asOf=2024-06-30"));
			assertThat(expected.get(0)).isLessThan(942);
			script.executeScript("const input = document.getElementById('as-of'); input.value = '2024-06-30';"
					+ "input.dispatchEvent(new Event('change', { bubbles: true }));");
			wait.until(
					(page) -> "2024-06-30".equals(page.findElement(By.tagName("body")).getDomAttribute("data-as-of")));
			wait.until((page) -> text(page, "reached-SOLICITED").equals(expected.get(0).toString()));
			assertThat(text(browser, "reached-CONTRACTED")).isEqualTo(expected.get(1).toString());
			assertThat(text(browser, "reached-PRE_ACCEPTANCE")).isEqualTo(expected.get(2).toString());
			screenshot(browser, "04-as-of-2024-06-30.png");

			assertThat(violations(script)).as("Content-Security-Policy violations the page reported").isEmpty();
			assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).map(LogEntry::getMessage)
				.as("the browser console")
				.noneMatch((message) -> message.contains("Content Security Policy")
						|| message.contains("Content-Security-Policy") || message.contains("Trusted Type"));

			// the policy is enforced, and a violation would have been seen: a style
			// attribute set from a script is refused and reported
			script.executeScript("const probe = document.createElement('div'); probe.id = 'csp-probe';"
					+ "probe.setAttribute('style', 'width: 123px'); document.body.append(probe);");
			wait.until((page) -> !violations(script).isEmpty());
			assertThat(violations(script)).singleElement().asString().startsWith("style-src");
			assertThat(script.executeScript("return document.getElementById('csp-probe').style.width;")).isEqualTo("");
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void showsTheGradientWithTheNamesOfItsDefinitionInChineseAndEnglishAndFiltersItsHighTechEnterprises()
			throws Exception {
		Programme gradient = Programmes.gradient();
		List<String> stages = gradient.stages().stream().map((stage) -> stage.stage().name()).toList();
		assertThat(stages).containsExactly("INNOVATIVE", "SPECIALISED", "LITTLE_GIANT");
		List<Long> all = reached(funnel("?programme=gradient"), stages);
		List<Long> highTech = reached(funnel("?programme=gradient&highTech=true"), stages);
		assertThat(all.get(0)).as("the demo feeds the gradient").isPositive();
		assertThat(highTech.get(0)).as("high-tech enterprises are some of them").isPositive().isLessThan(all.get(0));
		String viewerKey = new OfficeApi(gateway(), TestApiKeys.OFFICE).issue("leadership", "VIEWER",
				"the browser test, the gradient");
		ChromeDriver browser = chromium();
		try {
			browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_RECORDER));
			browser.get(projection() + "/leadership/#key=" + viewerKey);
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
			wait.until((page) -> "pilot".equals(body(page).getDomAttribute("data-programme")));
			Select programmes = new Select(browser.findElement(By.id("programme")));
			assertThat(programmes.getOptions()).map((option) -> option.getDomAttribute("value"))
				.containsExactly("pilot", "gradient");

			programmes.selectByValue("gradient");
			wait.until((page) -> "gradient".equals(body(page).getDomAttribute("data-programme")));
			wait.until((page) -> text(page, "reached-INNOVATIVE").equals(all.get(0).toString()));
			assertThat(text(browser, "reached-SPECIALISED")).isEqualTo(all.get(1).toString());
			assertThat(text(browser, "reached-LITTLE_GIANT")).isEqualTo(all.get(2).toString());
			assertThat(browser.findElements(By.id("reached-SOLICITED"))).as("no pilot stage left").isEmpty();
			assertThat(browser.getCurrentUrl()).as("the selection can be linked").contains("programme=gradient");
			assertThat(text(browser, "title")).isEqualTo(gradient.name().zh() + "进展");
			for (Programme.StageDefinition stage : gradient.stages()) {
				assertThat(text(browser, "stage-name-" + stage.stage().name())).isEqualTo(stage.name().zh());
			}
			screenshot(browser, "05-gradient-zh.png");

			browser.findElement(By.id("lang-toggle")).click();
			wait.until((page) -> "en".equals(page.findElement(By.tagName("html")).getDomAttribute("lang")));
			assertThat(text(browser, "title")).isEqualTo(gradient.name().en() + " progress");
			for (Programme.StageDefinition stage : gradient.stages()) {
				assertThat(text(browser, "stage-name-" + stage.stage().name())).isEqualTo(stage.name().en());
			}
			assertThat(text(browser, "reached-INNOVATIVE")).isEqualTo(all.get(0).toString());
			screenshot(browser, "06-gradient-en.png");

			new Select(browser.findElement(By.id("filter-highTech"))).selectByValue("true");
			wait.until((page) -> text(page, "reached-INNOVATIVE").equals(highTech.get(0).toString()));
			assertThat(text(browser, "reached-SPECIALISED")).isEqualTo(highTech.get(1).toString());
			assertThat(text(browser, "reached-LITTLE_GIANT")).isEqualTo(highTech.get(2).toString());
			assertThat(text(browser, "filter-active")).contains(gradient.attributes()
				.stream()
				.filter((attribute) -> attribute.name().equals("highTech"))
				.findFirst()
				.orElseThrow()
				.label()
				.en());
			assertThat(browser.getCurrentUrl()).contains("programme=gradient").contains("highTech=true");
			screenshot(browser, "07-gradient-high-tech.png");

			// the address alone gives the same view again (the key stays in the tab)
			browser.get(projection() + "/leadership/?programme=gradient&highTech=true");
			wait.until((page) -> "gradient".equals(body(page).getDomAttribute("data-programme")));
			wait.until((page) -> text(page, "reached-INNOVATIVE").equals(highTech.get(0).toString()));
			assertThat(new Select(browser.findElement(By.id("filter-highTech"))).getFirstSelectedOption()
				.getDomAttribute("value")).isEqualTo("true");

			new Select(browser.findElement(By.id("filter-highTech"))).selectByValue("");
			wait.until((page) -> text(page, "reached-INNOVATIVE").equals(all.get(0).toString()));
			assertThat(browser.getCurrentUrl()).doesNotContain("highTech");

			JavascriptExecutor script = (JavascriptExecutor) browser;
			assertThat(violations(script)).as("Content-Security-Policy violations the page reported").isEmpty();
			assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).map(LogEntry::getMessage)
				.as("the browser console")
				.noneMatch((message) -> message.contains("Content Security Policy")
						|| message.contains("Content-Security-Policy") || message.contains("Trusted Type"));
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void showsTheLetterAsOfItsDateWithEachFigureOpeningItsFunnelInChineseAndEnglish() throws Exception {
		String asOf = GradientScenario.AS_OF.toString();
		JsonNode chinese = letter("?asOf=" + asOf);
		JsonNode english = letter("?asOf=" + asOf + "&lang=en");
		String viewerKey = new OfficeApi(gateway(), TestApiKeys.OFFICE).issue("leadership", "VIEWER",
				"the browser test, the report");
		ChromeDriver browser = chromium();
		try {
			browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_RECORDER));
			browser.get(projection() + "/leadership/?view=report&asOf=" + asOf + "#key=" + viewerKey);
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
			wait.until((page) -> "report".equals(body(page).getDomAttribute("data-page"))
					&& asOf.equals(body(page).getDomAttribute("data-report-as-of"))
					&& "zh".equals(body(page).getDomAttribute("data-report-lang")));
			JavascriptExecutor script = (JavascriptExecutor) browser;
			assertThat(browser.findElement(By.id("content")).isDisplayed()).as("the funnel, behind the report")
				.isFalse();
			assertThat(text(browser, "report-paragraph-gradient")).startsWith("二(二)1");
			assertThat(text(browser, "report-paragraph-pilot")).startsWith("二(二)3");
			assertThat(textContent(script, "report-text-gradient"))
				.isEqualTo(chinese.path("paragraphs").get(0).path("text").asString())
				.isEqualTo("截至2025年7月18日，我市已累计培育创新型中小企业2462家、专精特新中小企业2080家、专精特新“小巨人”企业183家。"
						+ "在国家级高新技术企业中，累计推动2095家成为创新型中小企业、1729家成为专精特新中小企业、173家成为专精特新“小巨人”企业。");
			assertThat(textContent(script, "report-text-pilot"))
				.isEqualTo(chinese.path("paragraphs").get(1).path("text").asString())
				.isEqualTo("截至2025年7月18日，942家中小企业参与试点征集，566家企业立项签约启动改造，302家达到预验收条件。");
			assertThat(figures(browser, "gradient")).containsExactly("2462", "2080", "183", "2095", "1729", "173");
			assertThat(figures(browser, "pilot")).containsExactly("942", "566", "302");
			screenshot(browser, "08-report-zh.png");

			// a figure opens the funnel it was read from: the gradient's, among high-tech
			// enterprises, as of the letter's date, its stage marked
			browser
				.findElement(By
					.cssSelector("#report-text-gradient button[data-stage='INNOVATIVE'][data-filters='highTech=true']"))
				.click();
			wait.until((page) -> "funnel".equals(body(page).getDomAttribute("data-page"))
					&& "gradient".equals(body(page).getDomAttribute("data-programme"))
					&& asOf.equals(body(page).getDomAttribute("data-as-of")));
			wait.until((page) -> text(page, "reached-INNOVATIVE").equals("2095"));
			assertThat(text(browser, "reached-SPECIALISED")).isEqualTo("1729");
			assertThat(text(browser, "reached-LITTLE_GIANT")).isEqualTo("173");
			assertThat(browser.findElement(By.id("report-view")).isDisplayed()).isFalse();
			assertThat(text(browser, "filter-active")).contains("国家级高新技术企业");
			assertThat(text(browser, "breakdown-note")).contains(Programmes.gradient().stages().get(0).name().zh());
			assertThat(browser.findElement(By.id("stage-INNOVATIVE")).getDomAttribute("class")).contains("highlighted");
			assertThat(browser.findElement(By.id("stage-SPECIALISED")).getDomAttribute("class"))
				.doesNotContain("highlighted");
			assertThat(browser.getCurrentUrl()).contains("programme=gradient", "asOf=" + asOf, "highTech=true",
					"highlight=INNOVATIVE");
			screenshot(browser, "09-report-figure-funnel.png");

			browser.findElement(By.id("report-toggle")).click();
			wait.until((page) -> "report".equals(body(page).getDomAttribute("data-page")));
			assertThat(browser.getCurrentUrl()).contains("view=report", "asOf=" + asOf);
			browser.findElement(By.id("lang-toggle")).click();
			wait.until((page) -> "en".equals(body(page).getDomAttribute("data-report-lang")));
			assertThat(textContent(script, "report-text-gradient"))
				.isEqualTo(english.path("paragraphs").get(0).path("text").asString())
				.startsWith(
						"As of 18 July 2025, the city had cultivated 2462 innovative SMEs, 2080 specialised SMEs and "
								+ "183 “little giants”.");
			assertThat(textContent(script, "report-text-pilot"))
				.isEqualTo(english.path("paragraphs").get(1).path("text").asString())
				.contains("942", "566", "302");
			assertThat(figures(browser, "gradient")).containsExactly("2462", "2080", "183", "2095", "1729", "173");
			assertThat(figures(browser, "pilot")).containsExactly("942", "566", "302");
			screenshot(browser, "10-report-en.png");

			// the downloads: the same letter, same date and language, as text and as Word
			Path downloads = Files.createTempDirectory(SCREENSHOTS.getParent(), "report-downloads-");
			browser.executeCdpCommand("Page.setDownloadBehavior",
					Map.of("behavior", "allow", "downloadPath", downloads.toString()));
			browser.findElement(By.id("report-txt")).click();
			Path plain = downloads.resolve("letter-" + asOf + "-en.txt");
			await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(plain));
			assertThat(Files.readString(plain)).isEqualTo(english.path("paragraphs").get(0).path("text").asString()
					+ "\n\n" + english.path("paragraphs").get(1).path("text").asString() + "\n");
			assertThat(text(browser, "report-docx")).isEqualTo("Download Word (.docx)");
			browser.findElement(By.id("report-docx")).click();
			Path word = downloads.resolve("letter-" + asOf + "-en.docx");
			await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(word));
			assertThat(documentXml(word)).contains(english.path("paragraphs").get(1).path("text").asString());

			assertNoPolicyViolation(browser);
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void servesThePageWithItsSecurityHeaders() throws Exception {
		for (String path : List.of("/leadership/", "/leadership/app.js", "/leadership/app.css")) {
			HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(projection() + path)).build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValueSatisfying((policy) -> assertThat(policy)
					.contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
					.doesNotContain("unsafe-inline", "unsafe-eval"));
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
			assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
		}
	}

	private static void assertNoPolicyViolation(ChromeDriver browser) {
		assertThat(violations(browser)).as("Content-Security-Policy violations the page reported").isEmpty();
		assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).map(LogEntry::getMessage)
			.as("the browser console")
			.noneMatch((message) -> message.contains("Content Security Policy")
					|| message.contains("Content-Security-Policy") || message.contains("Trusted Type"));
	}

	/**
	 * The figures of a programme's paragraph in the report view, as its buttons show
	 * them.
	 */
	private static List<String> figures(WebDriver page, String programme) {
		return page.findElements(By.cssSelector("#report-text-" + programme + " button.report-figure"))
			.stream()
			.map((button) -> button.getText().strip())
			.toList();
	}

	/** The text the element holds, as the page wrote it (figures and words alike). */
	private static String textContent(JavascriptExecutor script, String id) {
		return (String) script.executeScript("return document.getElementById(arguments[0]).textContent;", id);
	}

	/** The body of a Word document, as its {@code word/document.xml} holds it. */
	private static String documentXml(Path docx) throws IOException {
		try (ZipFile zip = new ZipFile(docx.toFile())) {
			ZipEntry body = zip.getEntry("word/document.xml");
			assertThat(body).as("word/document.xml in %s", docx).isNotNull();
			return new String(zip.getInputStream(body).readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** {@code GET /api/v1/reports/letter} (JSON) with the office key. */
	private static JsonNode letter(String query) {
		return JSON.readTree(DemoSystem.get(projection() + "/api/v1/reports/letter" + query));
	}

	@SuppressWarnings("unchecked")
	private static List<String> violations(JavascriptExecutor script) {
		return (List<String>) script.executeScript("return window.pilotCspViolations || ['no recorder'];");
	}

	private static ChromeDriver chromium() {
		ChromeOptions options = new ChromeOptions();
		// the console, for the messages the browser writes about refused content
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		options.setBinary(executable("PILOT_CHROMIUM", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1400,1100", "--lang=zh-CN");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of(executable("PILOT_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static String executable(String variable, String debianPath) {
		String path = System.getenv().getOrDefault(variable, debianPath);
		assertThat(Path.of(path)).as("%s (Debian packages chromium and chromium-driver; .ci/run installs them)", path)
			.isExecutable();
		return path;
	}

	private static void postOneMoreSolicitation() throws Exception {
		String first17 = "91350203MA" + Long.toString(System.nanoTime() % 10_000_000L + 10_000_000L).substring(1);
		String uscc = first17 + Uscc.checkCharacterFor(first17);
		String event = JSON.writeValueAsString(Map.of("specversion", "1.0", "id", "browser-" + uscc, "source",
				"/programme-office", "type", "pilot.solicited", "subject", uscc, "time", Instant.now().toString(),
				"data", Map.of("district", "思明区", "industry", "电子信息")));
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/milestones"))
			.header("Authorization", TestApiKeys.officeBearer())
			.header("Content-Type", "application/cloudevents+json")
			.POST(HttpRequest.BodyPublishers.ofString(event))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	private static org.openqa.selenium.WebElement body(WebDriver page) {
		return page.findElement(By.tagName("body"));
	}

	/** {@code GET /api/v1/funnel} with the office key. */
	private static JsonNode funnel(String query) {
		return JSON.readTree(DemoSystem.get(projection() + "/api/v1/funnel" + query));
	}

	/** Reached at each of the stages, in their order, from a funnel answer. */
	private static List<Long> reached(JsonNode funnel, List<String> stages) {
		return stages.stream()
			.map((stage) -> funnel.path("stages")
				.valueStream()
				.filter((row) -> stage.equals(row.path("stage").asString()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + stage + " in " + funnel))
				.path("reached")
				.asLong())
			.toList();
	}

	private static String text(WebDriver page, String id) {
		return page.findElement(By.id(id)).getText().strip();
	}

	private static void screenshot(WebDriver browser, String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

	private static JsonNode analytics(String query) {
		return demo.analytics(query);
	}

	private static List<Long> reached(JsonNode analytics) {
		return DemoSystem.reached(analytics);
	}

	private static String gateway() {
		return demo.url(ServiceProcess.Service.GATEWAY);
	}

	private static String projection() {
		return demo.url(ServiceProcess.Service.PROJECTION);
	}

}
