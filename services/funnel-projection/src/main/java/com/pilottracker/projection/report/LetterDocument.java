package com.pilottracker.projection.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;

/**
 * The letter as a Word document ({@code .docx}, written with Apache POI), to paste into a
 * reply: a paragraph per programme, in a CJK font for Chinese, first lines indented two
 * characters as Chinese official letters are.
 */
final class LetterDocument {

	private LetterDocument() {
	}

	static byte[] docx(Letter letter) {
		try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			boolean chinese = "zh".equals(letter.lang());
			for (Letter.Paragraph each : letter.paragraphs()) {
				XWPFParagraph paragraph = document.createParagraph();
				paragraph.setSpacingAfter(200);
				if (chinese) {
					// two characters of 16 pt (仿宋 三号, the size of official letters)
					paragraph.setFirstLineIndent(640);
				}
				XWPFRun run = paragraph.createRun();
				run.setText(each.text());
				run.setFontSize(chinese ? 16 : 12);
				run.setFontFamily(chinese ? "仿宋" : "Times New Roman");
			}
			document.getProperties().getCoreProperties().setTitle("Pilot Tracker letter " + letter.date());
			document.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
