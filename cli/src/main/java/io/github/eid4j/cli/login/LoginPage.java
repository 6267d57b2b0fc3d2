package io.github.eid4j.cli.login;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The page a browser shows after the login: one sentence, and the outcome's word as the paragraph's class for browser tests. */
public final class LoginPage {
    private static final Pattern OUTCOME = Pattern.compile("<p id=\"outcome\" class=\"[a-z-]+\">([^<]*)</p>");

    private LoginPage() {
    }

    static String html(LoginOutcome outcome, String holder) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Log in with your eID card</title></head>\n"
                + "<body>\n<h1>Log in with your eID card</h1>\n<p id=\"outcome\" class=\"" + outcome.word() + "\">"
                + escape(outcome.sentence(holder)) + "</p>\n</body>\n</html>\n";
    }

    /**
     * The sentence a page of this service says, as a program that logged in shows it to its user.
     *
     * @throws IllegalArgumentException if {@code page} is not such a page
     */
    public static String sentenceOf(String page) {
        Matcher matcher = OUTCOME.matcher(page);
        if (!matcher.find()) {
            throw new IllegalArgumentException("The answer is not the login service's page.");
        }
        return matcher.group(1).replace("&quot;", "\"").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
