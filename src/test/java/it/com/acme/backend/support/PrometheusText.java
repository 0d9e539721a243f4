package it.com.acme.backend.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line must be a HELP, TYPE or comment
 * line or a sample; each family has one TYPE, declared before its samples, of a known type; a series appears once;
 * values are floats (NaN and ±Inf included). Anything else fails the test that reads it.
 */
public final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? ([^ ]+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("\\G\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"\\s*(,|$)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    public static List<Sample> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Set<List<Object>> series = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": " + line;
            if (i == lines.length - 1) {
                if (!line.isEmpty()) {
                    throw new AssertionError("the exposition must end with a line feed");
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.indexOf('\r') >= 0) {
                throw new AssertionError("carriage return, " + where);
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                if (parts.length != 4 || !NAME.matcher(parts[2]).matches() || !TYPES.contains(parts[3])) {
                    throw new AssertionError("bad TYPE, " + where);
                }
                if (types.put(parts[2], parts[3]) != null) {
                    throw new AssertionError("second TYPE for " + parts[2] + ", " + where);
                }
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("# HELP ") && !NAME.matcher(line.split(" ", 4)[2]).matches()) {
                    throw new AssertionError("bad HELP, " + where);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a sample, " + where);
            }
            String name = sample.group(1);
            if (family(name, types) == null) {
                throw new AssertionError("sample before (or without) its TYPE, " + where);
            }
            Map<String, String> labels = labels(sample.group(3), where);
            if (!series.add(List.of(name, new TreeMap<>(labels)))) {
                throw new AssertionError("duplicate series, " + where);
            }
            samples.add(new Sample(name, labels, value(sample.group(4), where)));
        }
        return samples;
    }

    /** The sum of the samples named {@code name} whose labels include {@code match}. */
    public static double sum(List<Sample> samples, String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_total", "_created"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type != null && !type.equals("gauge")) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int end = 0;
        while (end < text.length() && label.find(end) && label.start() == end) {
            if (labels.put(label.group(1), unescape(label.group(2))) != null) {
                throw new AssertionError("label repeated, " + where);
            }
            end = label.end();
            if (label.group(3).isEmpty()) {
                break;
            }
        }
        if (end != text.length()) {
            throw new AssertionError("bad labels, " + where);
        }
        return labels;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final Pattern FLOAT = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private static double value(String text, String where) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!FLOAT.matcher(text).matches()) {
                    throw new AssertionError("bad value, " + where);
                }
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("bad value, " + where, e);
                }
            }
        };
    }
}
