package com.pilottracker.runner.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The database roles of docker-compose.yml, from {@code infra/postgres/init}: the SQL of
 * its script, with the variables the script sets, run on a PostgreSQL server of the
 * test's own (roles are the server's, not a database's, and the script takes rights away
 * from PUBLIC), then every service's real migrations under its own role, then each right
 * and each refusal the script promises.
 */
class PostgresRolesIntegrationTests {

	static final Path SCRIPT = OperationsFiles.ROOT.resolve("infra/postgres/init/10-pilot-roles.sh");

	static final Path WORK = Path.of("target/postgres-roles").toAbsolutePath();

	static final Path SERVICES = OperationsFiles.ROOT.resolve("services");

	/** A password with a quote, which the script's {@code :'…'} must quote. */
	static final Map<String, String> PASSWORDS = Map.of("gateway_password", "gateway-'secret'", "lifecycle_password",
			"lifecycle-secret", "projection_password", "projection-secret");

	/** Refused for want of a right ({@code insufficient_privilege}). */
	static final String REFUSED = "42501";

	static EmbeddedPostgresServer postgres;

	@BeforeAll
	static void runTheScriptAndTheMigrations() throws Exception {
		deleteRecursively(WORK);
		postgres = EmbeddedPostgresServer.start(WORK, 0, false);
		try (Connection superuser = connect(EmbeddedPostgresServer.USER);
				Statement statement = superuser.createStatement()) {
			statement.execute(sql());
		}
		migrate("gateway", "gateway", SERVICES.resolve("milestone-gateway/src/main/resources/db/migration"));
		migrate("gateway", "access", SERVICES.resolve("access/src/main/resources/db/access"));
		migrate("lifecycle", "lifecycle", SERVICES.resolve("pilot-lifecycle/src/main/resources/db/migration"));
		migrate("projection", "projection", SERVICES.resolve("funnel-projection/src/main/resources/db/migration"));
		execute("gateway", "INSERT INTO access.api_key (key_id, key_hash, principal, role, issued_at, issued_by) "
				+ "VALUES ('k1', repeat('a', 64), 'office', 'OFFICE', now(), 'test')");
	}

	@AfterAll
	static void stop() {
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void setsEveryVariableTheSqlUses() {
		Set<String> set = new LinkedHashSet<>();
		Matcher setting = Pattern.compile("--set=([a-z_]+)=").matcher(script());
		while (setting.find()) {
			set.add(setting.group(1));
		}
		Set<String> used = new LinkedHashSet<>();
		Matcher use = Pattern.compile(":['\"]([a-z_]+)['\"]").matcher(sql(script()));
		while (use.find()) {
			used.add(use.group(1));
		}
		assertThat(used).containsExactlyInAnyOrder("database", "gateway_password", "lifecycle_password",
				"projection_password");
		assertThat(set).containsAll(used);
	}

	@Test
	void givesEachServiceALoginWithAPasswordAndNoPowers() throws SQLException {
		List<String> roles = query(EmbeddedPostgresServer.USER,
				"SELECT rolname FROM pg_authid WHERE rolname IN ('gateway', 'lifecycle', 'projection') "
						+ "AND rolcanlogin AND rolpassword LIKE 'SCRAM-SHA-256$%' AND NOT rolsuper "
						+ "AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolreplication AND NOT rolbypassrls "
						+ "ORDER BY rolname");
		assertThat(roles).containsExactly("gateway", "lifecycle", "projection");
		for (String role : List.of("gateway", "lifecycle", "projection")) {
			assertRefused(role, "CREATE SCHEMA " + role + "_extra");
			assertRefused(role, "CREATE TABLE public.t (x int)");
			assertRefused(role, "CREATE DATABASE " + role + "_extra");
		}
	}

	@Test
	void letsEachServiceCreateOnlyInItsOwnSchemas() throws SQLException {
		execute("gateway", "CREATE TABLE gateway.scratch (x int); DROP TABLE gateway.scratch");
		execute("gateway", "CREATE TABLE access.scratch (x int); DROP TABLE access.scratch");
		execute("lifecycle", "CREATE TABLE lifecycle.scratch (x int); DROP TABLE lifecycle.scratch");
		execute("projection", "CREATE TABLE projection.scratch (x int); DROP TABLE projection.scratch");
		assertRefused("gateway", "CREATE TABLE lifecycle.t (x int)");
		assertRefused("gateway", "CREATE TABLE projection.t (x int)");
		assertRefused("lifecycle", "CREATE TABLE gateway.t (x int)");
		assertRefused("lifecycle", "CREATE TABLE access.t (x int)");
		assertRefused("projection", "CREATE TABLE access.t (x int)");
		assertRefused("projection", "CREATE TABLE gateway.t (x int)");
	}

	@Test
	void letsTheProjectionReadTheKeysButNotWriteThemNorReadTheGatewaysTables() throws SQLException {
		assertThat(query("projection", "SELECT key_id FROM access.api_key")).containsExactly("k1");
		assertRefused("projection", "INSERT INTO access.api_key (key_id, key_hash, principal, role, issued_at, "
				+ "issued_by) VALUES ('k2', repeat('b', 64), 'x', 'OFFICE', now(), 'projection')");
		assertRefused("projection", "UPDATE access.api_key SET revoked_at = now()");
		assertRefused("projection", "DELETE FROM access.api_key");
		assertRefused("projection", "TRUNCATE access.api_key");
		assertRefused("projection", "SELECT count(*) FROM gateway.receipt");
		assertRefused("projection", "SELECT count(*) FROM lifecycle.milestone");
	}

	@Test
	void keepsTheLifecycleAndTheGatewayOutOfEachOthersTables() throws SQLException {
		assertRefused("lifecycle", "SELECT count(*) FROM access.api_key");
		assertRefused("lifecycle", "SELECT count(*) FROM gateway.receipt");
		assertRefused("lifecycle", "SELECT count(*) FROM projection.enterprise");
		assertRefused("gateway", "SELECT count(*) FROM lifecycle.milestone");
		assertRefused("gateway", "SELECT count(*) FROM projection.enterprise");
		assertThat(query("gateway", "SELECT count(*) FROM access.api_key")).containsExactly("1");
	}

	@Test
	void letsNoOtherRoleConnect() throws SQLException {
		execute(EmbeddedPostgresServer.USER, "CREATE ROLE stranger LOGIN");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect("stranger").close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(REFUSED));
	}

	/** The script's SQL (its here-document), with the variables the script would set. */
	static String sql() {
		String sql = sql(script());
		Map<String, String> literals = new java.util.HashMap<>(PASSWORDS);
		Matcher literal = Pattern.compile(":'([a-z_]+)'").matcher(sql);
		StringBuilder out = new StringBuilder();
		while (literal.find()) {
			String value = literals.get(literal.group(1));
			assertThat(value).as("a value for :'%s'", literal.group(1)).isNotNull();
			literal.appendReplacement(out, Matcher.quoteReplacement("'" + value.replace("'", "''") + "'"));
		}
		literal.appendTail(out);
		return out.toString().replace(":\"database\"", "\"" + EmbeddedPostgresServer.DATABASE + "\"");
	}

	static String sql(String script) {
		Matcher document = Pattern.compile("<<'SQL'\\n(.*?)\\nSQL\\n", Pattern.DOTALL).matcher(script);
		assertThat(document.find()).as("the script's SQL here-document").isTrue();
		return document.group(1);
	}

	static String script() {
		try {
			return Files.readString(SCRIPT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void migrate(String role, String schema, Path migrations) {
		assertThat(migrations).isDirectory();
		Flyway.configure()
			.dataSource(postgres.jdbcUrl(), role, "")
			.schemas(schema)
			.defaultSchema(schema)
			.locations("filesystem:" + migrations)
			.load()
			.migrate();
	}

	static Connection connect(String role) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), role, "");
	}

	static void execute(String role, String sql) throws SQLException {
		try (Connection connection = connect(role); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static List<String> query(String role, String sql) throws SQLException {
		try (Connection connection = connect(role);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			List<String> values = new java.util.ArrayList<>();
			while (rows.next()) {
				values.add(rows.getString(1));
			}
			return values;
		}
	}

	static void assertRefused(String role, String sql) {
		assertThatExceptionOfType(SQLException.class).as("%s: %s", role, sql)
			.isThrownBy(() -> execute(role, sql))
			.satisfies((ex) -> assertThat(ex.getSQLState()).as("%s: %s: %s", role, sql, ex.getMessage())
				.isEqualTo(REFUSED));
	}

	static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
