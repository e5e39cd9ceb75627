package com.pilottracker.gateway.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Describes what {@code POST /api/v1/milestones} takes: the milestone types, the optional
 * {@code programme} attribute, and the attributes each programme's entering milestone
 * carries. The request bodies are JSON the controller reads itself, so springdoc cannot
 * see their shape; this says it, from the same definitions the gateway checks against.
 * <p>
 * The document is a contract kept in {@code docs/openapi.json} and checked in the build,
 * so it describes the programmes that ship ({@link Programmes#shipped()}) and leaves
 * types, programme ids and attributes open to those the office defines at run time
 * ({@code GET /api/v1/programmes} lists them all).
 */
@Component
class ProgrammesOpenApi implements OpenApiCustomizer {

	private static final String REF = "#/components/schemas/";

	private final Programmes programmes = Programmes.shipped();

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas("MilestoneData", data());
		openApi.getComponents().addSchemas("Milestone", milestone());
		Schema<?> receipt = openApi.getComponents().getSchemas().get("Receipt");
		if (receipt != null && receipt.getProperties() != null) {
			describe(receipt.getProperties().get("programme"),
					"The programme whose definition declares the type (its first word): " + ids()
							+ " or one the office defined.");
			describe(receipt.getProperties().get("waitingFor"),
					"For a held milestone, the stage of its programme it waits for, for example " + stages() + ".");
		}
		PathItem path = openApi.getPaths().get("/api/v1/milestones");
		Operation post = (path != null) ? path.getPost() : null;
		if (post == null || post.getRequestBody() == null) {
			return;
		}
		post.setSummary("Post milestones of any programme as CloudEvents (structured, binary or batch mode)");
		post.setDescription(description());
		Content content = post.getRequestBody().getContent();
		set(content, "application/cloudevents+json", new Schema<>().$ref(REF + "Milestone"));
		set(content, "application/cloudevents-batch+json",
				new ArraySchema().items(new Schema<>().$ref(REF + "Milestone")));
		set(content, "application/json", new Schema<>().$ref(REF + "MilestoneData"));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void describe(Schema property, String description) {
		if (property != null) {
			property.setDescription(description);
		}
	}

	private static void set(Content content, String mediaType, Schema<?> schema) {
		MediaType media = content.get(mediaType);
		if (media != null) {
			media.setSchema(schema);
		}
	}

	private List<String> ids() {
		return this.programmes.all().stream().map(Programme::id).toList();
	}

	private List<String> types() {
		return this.programmes.all()
			.stream()
			.flatMap((programme) -> programme.milestoneTypes().stream())
			.map(MilestoneType::cloudEventType)
			.toList();
	}

	private List<String> stages() {
		return this.programmes.all()
			.stream()
			.flatMap((programme) -> programme.funnelStages().stream())
			.map((stage) -> stage.name())
			.distinct()
			.toList();
	}

	private Schema<?> milestone() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("specversion", new StringSchema()._enum(List.of("1.0")));
		properties.put("id", new StringSchema().maxLength(256).description("Unique per source, for good."));
		properties.put("source", new StringSchema()
			.description("The caller's own: /programme-office, or /providers/<id> for a provider."));
		properties.put("type",
				new StringSchema().pattern("^[a-z][a-z0-9-]{0,39}(\\.[a-z][a-z0-9-]{0,39}){1,3}$")
					.description("A milestone type some programme declares; its first word is the programme. "
							+ "The shipped ones: " + String.join(", ", types())
							+ "; GET /api/v1/programmes lists those of every programme."));
		properties.put("programme",
				new StringSchema().pattern("^[a-z][a-z0-9-]{0,39}$")
					.description("Optional CloudEvents extension attribute (ce-programme in binary mode): "
							+ "if given, the type's programme (" + String.join(", ", ids())
							+ " or one the office defined)."));
		properties.put("subject", new StringSchema().description("The enterprise's 18-character USCC."));
		properties.put("time",
				new StringSchema().format("date-time").description("When the step happened, RFC 3339 with an offset."));
		properties.put("datacontenttype", new StringSchema()._enum(List.of("application/json")));
		properties.put("data", new Schema<>().$ref(REF + "MilestoneData"));
		ObjectSchema schema = new ObjectSchema();
		schema.setProperties(properties);
		schema.setRequired(List.of("specversion", "id", "source", "type", "subject", "time"));
		schema.setDescription("A milestone as a CloudEvent 1.0 (structured mode).");
		return schema;
	}

	private Schema<?> data() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("district", new StringSchema()
			.description("Reference data (GET /api/v1/reference/districts); on the milestone entering a programme."));
		properties.put("industry", new StringSchema()
			.description("Reference data (GET /api/v1/reference/industries); on the milestone entering a programme."));
		properties.put("provider",
				new StringSchema().description("The provider a stage that names the provider names (required there)."));
		properties.put("enterpriseName", new StringSchema());
		Map<String, Schema> attributes = new LinkedHashMap<>();
		for (Programme programme : this.programmes.all()) {
			for (Programme.AttributeDefinition attribute : programme.declaredAttributes()) {
				StringSchema value = new StringSchema();
				if (attribute.kind() == Programme.AttributeKind.BOOLEAN) {
					value._enum(List.of("true", "false"));
				}
				else {
					value.maxLength(200);
				}
				value.description(programme.id() + ": " + attribute.label().en() + " / " + attribute.label().zh()
						+ (attribute.required() ? " (required)" : ""));
				attributes.put(attribute.name(), value);
			}
		}
		ObjectSchema attributesSchema = new ObjectSchema();
		attributesSchema.setProperties(attributes);
		attributesSchema.setAdditionalProperties(new StringSchema().maxLength(200));
		attributesSchema.setDescription("The programme's own attributes, only on the milestone entering it "
				+ "(those of the shipped programmes described; a programme the office defines declares its own).");
		properties.put("attributes", attributesSchema);
		ObjectSchema schema = new ObjectSchema();
		schema.setProperties(properties);
		schema.setDescription("A milestone's data: what it must carry follows from its programme's definition.");
		return schema;
	}

	private String description() {
		StringBuilder text = new StringBuilder("Posts a milestone of any programme. Its type must be declared by one "
				+ "(otherwise 422 naming /type). What each type of the shipped programmes must carry and who may "
				+ "post it (a programme the office defines says the same in its definition, GET /api/v1/programmes):"
				+ "\n\n");
		for (Programme programme : this.programmes.all()) {
			text.append("**").append(programme.id()).append("** (").append(programme.name().en()).append("):\n\n");
			Programme.StageDefinition first = programme.stages().get(0);
			for (Programme.Step step : programme.steps()) {
				if (step.milestone().isEmpty()) {
					continue;
				}
				MilestoneType type = step.milestone().get();
				List<String> carries = new ArrayList<>();
				if (type.equals(first.milestone())) {
					for (Programme.AttributeDefinition attribute : programme.attributes()) {
						String name = Programme.COMMON_ATTRIBUTES.contains(attribute.name()) ? attribute.name()
								: "attributes." + attribute.name();
						carries.add(name + (attribute.required() ? "" : " (optional)"));
					}
				}
				if (step instanceof Programme.Step.Reach reach && reach.definition().namesProvider()) {
					carries.add("provider");
				}
				text.append("- `")
					.append(type.cloudEventType())
					.append("`: data ")
					.append(carries.isEmpty() ? "—" : String.join(", ", carries))
					.append("; reported by ")
					.append(reporters(step.reportedBy()))
					.append('\n');
			}
			text.append('\n');
		}
		return text.toString().strip();
	}

	private static String reporters(Programme.Reporting reporting) {
		if (reporting == Programme.Reporting.NAMING_PROVIDER) {
			return "the office or the provider it names";
		}
		if (reporting == Programme.Reporting.CONTRACTED_PROVIDER) {
			return "the office or the provider the enterprise is contracted with";
		}
		return "the office only";
	}

}
