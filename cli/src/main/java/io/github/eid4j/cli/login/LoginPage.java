package io.github.eid4j.cli.login;

/** The page a browser shows after the login: one sentence, and the outcome's word as the paragraph's class for browser tests. */
final class LoginPage {
    private LoginPage() {
    }

    static String html(LoginOutcome outcome, String holder) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Log in with your eID card</title></head>\n"
                + "<body>\n<h1>Log in with your eID card</h1>\n<p id=\"outcome\" class=\"" + outcome.word() + "\">"
                + escape(outcome.sentence(holder)) + "</p>\n</body>\n</html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
