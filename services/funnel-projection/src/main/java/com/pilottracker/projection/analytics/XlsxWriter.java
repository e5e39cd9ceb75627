package com.pilottracker.projection.analytics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a minimal Office Open XML workbook (.xlsx): sheets of rows of text and numbers,
 * strings inline, the first row of each table in bold. Small and without dependencies;
 * Excel, LibreOffice and WPS open it.
 */
final class XlsxWriter {

	private final Map<String, List<List<Object>>> sheets = new LinkedHashMap<>();

	/**
	 * Adds a sheet. A {@link Number} cell is written as a number, anything else as text,
	 * {@code null} as an empty cell. Rows whose first cell is a {@link Bold} are bold.
	 */
	XlsxWriter sheet(String name, List<List<Object>> rows) {
		this.sheets.put(name, rows);
		return this;
	}

	byte[] toBytes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
			entry(zip, "[Content_Types].xml", contentTypes());
			entry(zip, "_rels/.rels",
					"""
							<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
							<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
							<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
							</Relationships>""");
			entry(zip, "xl/workbook.xml", workbook());
			entry(zip, "xl/_rels/workbook.xml.rels", workbookRelationships());
			entry(zip, "xl/styles.xml",
					"""
							<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
							<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
							<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
							<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
							<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
							<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
							<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
							<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
							</styleSheet>""");
			int index = 1;
			for (List<List<Object>> rows : this.sheets.values()) {
				entry(zip, "xl/worksheets/sheet" + index++ + ".xml", worksheet(rows));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private String contentTypes() {
		StringBuilder xml = new StringBuilder(
				"""
						<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
						<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
						<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
						<Default Extension="xml" ContentType="application/xml"/>\
						<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
						<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""");
		for (int i = 1; i <= this.sheets.size(); i++) {
			xml.append("<Override PartName=\"/xl/worksheets/sheet")
				.append(i)
				.append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
		}
		return xml.append("</Types>").toString();
	}

	private String workbook() {
		StringBuilder xml = new StringBuilder("""
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
				xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>""");
		int index = 1;
		for (String name : this.sheets.keySet()) {
			xml.append("<sheet name=\"")
				.append(escape(name))
				.append("\" sheetId=\"")
				.append(index)
				.append("\" r:id=\"rId")
				.append(index++)
				.append("\"/>");
		}
		return xml.append("</sheets></workbook>").toString();
	}

	private String workbookRelationships() {
		StringBuilder xml = new StringBuilder("""
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
		int count = this.sheets.size();
		for (int i = 1; i <= count; i++) {
			xml.append("<Relationship Id=\"rId")
				.append(i)
				.append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet")
				.append(i)
				.append(".xml\"/>");
		}
		xml.append("<Relationship Id=\"rId")
			.append(count + 1)
			.append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
		return xml.append("</Relationships>").toString();
	}

	private static String worksheet(List<List<Object>> rows) {
		StringBuilder xml = new StringBuilder("""
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
		for (int r = 0; r < rows.size(); r++) {
			List<Object> row = rows.get(r);
			boolean bold = !row.isEmpty() && row.get(0) instanceof Bold;
			xml.append("<row r=\"").append(r + 1).append("\">");
			for (int c = 0; c < row.size(); c++) {
				Object value = row.get(c);
				if (value == null) {
					continue;
				}
				String reference = column(c) + (r + 1);
				String style = bold ? " s=\"1\"" : "";
				if (value instanceof Number number) {
					xml.append("<c r=\"")
						.append(reference)
						.append('"')
						.append(style)
						.append("><v>")
						.append(number)
						.append("</v></c>");
				}
				else {
					xml.append("<c r=\"")
						.append(reference)
						.append('"')
						.append(style)
						.append(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
						.append(escape(value.toString()))
						.append("</t></is></c>");
				}
			}
			xml.append("</row>");
		}
		return xml.append("</sheetData></worksheet>").toString();
	}

	/** A spreadsheet column name: A … Z, AA …. */
	static String column(int index) {
		StringBuilder name = new StringBuilder();
		for (int i = index + 1; i > 0; i = (i - 1) / 26) {
			name.insert(0, (char) ('A' + (i - 1) % 26));
		}
		return name.toString();
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> {
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				default -> {
					// XML 1.0 has no place for most control characters
					if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
						escaped.appendCodePoint(c);
					}
				}
			}
		});
		return escaped.toString();
	}

	private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}

	/**
	 * A text cell that makes its row bold, for table headers.
	 *
	 * @param text the text
	 */
	record Bold(String text) {

		@Override
		public String toString() {
			return this.text;
		}

	}

}
