package dev.medallion.dashboard;

import dev.medallion.pages.Pages;

/** The dashboard as one self-contained HTML page. */
public final class DashboardPage {
  private DashboardPage() {}

  public static String html(Answers.Snapshot snapshot) {
    return Pages.render("dashboard.html", "dashboard.js", snapshot.lake(), snapshot);
  }
}
