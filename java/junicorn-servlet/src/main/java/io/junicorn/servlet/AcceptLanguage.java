package io.junicorn.servlet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Accept-Language to locales by descending q (RFC 9110 section 12.5.4); the default locale when absent. */
final class AcceptLanguage {
    private record Weighted(Locale locale, double q) {
    }

    private AcceptLanguage() {
    }

    static List<Locale> locales(List<String> headers) {
        List<Weighted> weighted = new ArrayList<>();
        for (String header : headers) {
            for (String item : header.split(",")) {
                String[] parts = item.strip().split(";");
                String tag = parts[0].strip();
                if (tag.isEmpty() || tag.equals("*")) {
                    continue;
                }
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip();
                    if (parameter.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(parameter.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    weighted.add(new Weighted(Locale.forLanguageTag(tag), q));
                }
            }
        }
        if (weighted.isEmpty()) {
            return List.of(Locale.getDefault());
        }
        weighted.sort(Comparator.comparingDouble(Weighted::q).reversed());
        return weighted.stream().map(Weighted::locale).toList();
    }
}
