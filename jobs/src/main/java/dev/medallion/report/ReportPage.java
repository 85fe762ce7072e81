package dev.medallion.report;

import dev.medallion.pages.Pages;

/** The run report as one self-contained HTML page. */
public final class ReportPage {
  private ReportPage() {}

  public static String html(RunReport.Report report) {
    return Pages.render("report.html", "report.js", report.lake(), report);
  }
}
