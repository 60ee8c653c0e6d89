package io.junicorn.master.settings;

import io.junicorn.common.Version;
import io.junicorn.common.settings.Kind;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line (and JUNICORN_CMD_ARGS, which goes through the same parser), read by the registry's flags;
 * --help is written by picocli's programmatic API from the same registry, so that a setting is declared once.
 */
public record CommandLineArgs(Map<String, Object> values, String app, boolean help, boolean version,
                              boolean printConfig, boolean checkConfig) {
    /** What each signal does to the master, for --help; docs/signals.md tells the whole story (SettingsDocTest). */
    static final List<Map.Entry<String, String>> SIGNALS = List.of(Map.entry("TERM", "graceful stop"),
            Map.entry("INT/QUIT", "quick stop"), Map.entry("HUP", "reload"),
            Map.entry("TTIN/TTOU", "one worker more/fewer"), Map.entry("USR1", "reopen logs"),
            Map.entry("USR2", "binary upgrade (a new master)"),
            Map.entry("WINCH", "stop the workers, keep the master (--daemon only)"));
    /** The --help heading of options that are actions rather than settings; gunicorn's section for them. */
    private static final String DEBUGGING = "Debugging";
    private static final String HELP = "Help";
    /** Options that ask for something instead of setting something, each by its long name. */
    private static final Map<String, String> ACTIONS = Map.of("-h", "--help", "--help", "--help", "-V", "--version",
            "--version", "--version", "--print-config", "--print-config", "--check-config", "--check-config");
    private static final Map<String, Setting> BY_FLAG = byFlag();

    /** A command line that cannot be parsed: exit status 2, like gunicorn's argparse. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code source} is "command line" or "JUNICORN_CMD_ARGS". A bad value from JUNICORN_CMD_ARGS says so
     * ({@code workers = -2 in JUNICORN_CMD_ARGS: ...}); one typed on the command line needs no pointer.
     *
     * <p>Parsed here from the registry rather than by picocli, which every start of the master would pay for
     * (its Java 5 class files go through the old verifier and cannot be kept in an AOT cache: a quarter of a
     * second of CPU); picocli is left to --help. The forms are POSIX's and picocli's: {@code -w 2}, {@code -w2},
     * {@code -w=2}, {@code --workers 2}, {@code --workers=2}, short flags clustered ({@code -Dw2}), {@code --}
     * ending the options. A value may look like an option ({@code --jvm-opt -Dkey=value} is not {@code -D}).
     * A setting given twice keeps the last value, as gunicorn's argparse does; a list setting keeps them all.
     */
    public static CommandLineArgs parse(List<String> args, String source) {
        Map<Setting, List<String>> texts = new LinkedHashMap<>();
        Set<String> actions = new HashSet<>();
        String app = null;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                if (app != null) {
                    throw new UsageException(source + ": unmatched argument '" + arg + "': one APP at most");
                }
                app = arg;
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String flag = equals < 0 ? arg : arg.substring(0, equals);
                Setting setting = ACTIONS.containsKey(flag) ? null : setting(flag, source);
                if (setting == null || setting.kind() == Kind.FLAG) {
                    if (equals >= 0) {
                        throw new UsageException(source + ": option '" + flag + "' takes no value");
                    }
                    given(flag, setting, actions, texts);
                } else if (equals >= 0) {
                    texts.computeIfAbsent(setting, s -> new ArrayList<>()).add(arg.substring(equals + 1));
                } else {
                    i = value(args, i, setting, source, texts);
                }
            } else {
                // A cluster of short options: flags, and at most one option with a value, which ends it.
                for (int at = 1; at < arg.length(); at++) {
                    String flag = "-" + arg.charAt(at);
                    Setting setting = ACTIONS.containsKey(flag) ? null : setting(flag, source);
                    if (setting == null || setting.kind() == Kind.FLAG) {
                        given(flag, setting, actions, texts);
                        continue;
                    }
                    String rest = arg.substring(at + 1);
                    if (rest.isEmpty()) {
                        i = value(args, i, setting, source, texts);
                    } else {
                        texts.computeIfAbsent(setting, s -> new ArrayList<>())
                                .add(rest.startsWith("=") ? rest.substring(1) : rest);
                    }
                    break;
                }
            }
        }
        String where = source.equals("command line") ? "" : "in " + source;
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            List<String> given = texts.get(setting);
            if (given == null) {
                continue;
            }
            if (setting.kind() == Kind.FLAG) {
                values.put(setting.name(), Boolean.TRUE);
            } else if (setting.kind() == Kind.LIST) {
                Object joined = List.of();
                for (String text : given) {
                    joined = Kind.LIST.combine(joined, setting.parse(text, where));
                }
                values.put(setting.name(), joined);
            } else {
                values.put(setting.name(), setting.parse(given.getLast(), where));
            }
        }
        return new CommandLineArgs(values, app, actions.contains("--help"), actions.contains("--version"),
                actions.contains("--print-config"), actions.contains("--check-config"));
    }

    /** An option without a value: an action (null setting), by its long name, or a flag setting. */
    private static void given(String flag, Setting setting, Set<String> actions, Map<Setting, List<String>> texts) {
        if (setting == null) {
            actions.add(ACTIONS.get(flag));
        } else {
            texts.computeIfAbsent(setting, s -> new ArrayList<>()).add("true");
        }
    }

    /** The option's value, the next argument whatever it looks like; returns the index of the last one used. */
    private static int value(List<String> args, int i, Setting setting, String source,
                             Map<Setting, List<String>> texts) {
        if (i + 1 >= args.size()) {
            throw new UsageException(source + ": missing value for option '" + setting.longFlag() + "' ("
                    + setting.kind().metavar + ")");
        }
        texts.computeIfAbsent(setting, s -> new ArrayList<>()).add(args.get(i + 1));
        return i + 1;
    }

    private static Setting setting(String flag, String source) {
        Setting setting = BY_FLAG.get(flag);
        if (setting == null) {
            // ClosestName reads '-' as '_', as in the registry's names: compare the long flags spelt that way.
            Map<String, String> known = new LinkedHashMap<>();
            for (String name : BY_FLAG.keySet()) {
                known.put(name.replace('-', '_'), name);
            }
            String suggestion = flag.startsWith("--") ? ClosestName.of(flag, known.keySet())
                    .map(name -> "; did you mean '" + known.get(name) + "'?").orElse("") : "";
            throw new UsageException(source + ": Unknown option: '" + flag + "'" + suggestion);
        }
        return setting;
    }

    /** --help: the options grouped by the registry's sections, in registry order. */
    public static String usage() {
        CommandLine commandLine = new CommandLine(spec());
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                CommandLineArgs::optionsBySection);
        StringWriter text = new StringWriter();
        commandLine.usage(new PrintWriter(text));
        return text.toString();
    }

    private static String optionsBySection(Help help) {
        Map<Object, List<OptionSpec>> sections = new LinkedHashMap<>();
        for (OptionSpec option : help.commandSpec().options()) {
            Object section = option.userObject() instanceof String name ? name : HELP;
            sections.computeIfAbsent(section, name -> new ArrayList<>()).add(option);
        }
        StringBuilder text = new StringBuilder();
        sections.forEach((section, options) -> {
            Help.Layout layout = help.createDefaultLayout();
            layout.addOptions(options, help.createDefaultParamLabelRenderer());
            text.append(System.lineSeparator()).append(section).append(':').append(System.lineSeparator())
                    .append(layout);
        });
        return text.toString();
    }

    private static Map<String, Setting> byFlag() {
        Map<String, Setting> byFlag = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            for (String flag : setting.flags()) {
                byFlag.put(flag, setting);
            }
        }
        return byFlag;
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("junicorn").version("junicorn " + Version.VERSION);
        spec.usageMessage()
                .customSynopsis("junicorn [OPTIONS] [APP]")
                .description("A pre-fork HTTP server for the JVM: one master, N worker processes, each its own JVM.")
                .footer("", "Settings come from, later ones winning: defaults, the config file (-c, or "
                        + "junicorn.toml in the working directory), JUNICORN_CMD_ARGS, the command line. "
                        + "Every setting: docs/settings.md.",
                        "", "Signals to the master (docs/signals.md): " + SIGNALS.stream()
                                .map(signal -> signal.getKey() + " " + signal.getValue())
                                .collect(java.util.stream.Collectors.joining(", ")) + ".");
        for (Setting setting : Registry.ALL) {
            if (!setting.hasFlags()) {
                continue;
            }
            OptionSpec.Builder option = OptionSpec.builder(setting.flags().toArray(String[]::new))
                    .description(formatSafe(firstSentence(setting.help()) + " Default: " + setting.defaultText() + "."))
                    .userObject(setting.section());
            if (setting.kind() == Kind.FLAG) {
                option.type(boolean.class).arity("0");
            } else if (setting.kind() == Kind.LIST) {
                option.type(String[].class).arity("1").paramLabel(setting.kind().metavar);
            } else {
                option.type(String.class).arity("1").paramLabel(setting.kind().metavar);
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder("--check-config").type(boolean.class).arity("0").userObject(DEBUGGING)
                .description("Read every setting and check that the application class is on the class path, "
                        + "then exit: 0 when all is well, 1 with the reason. Binds and spawns nothing.").build());
        spec.addOption(OptionSpec.builder("--print-config").type(boolean.class).arity("0").userObject(DEBUGGING)
                .description("Print the settings in force, one 'name = value' per line, and exit.").build());
        spec.mixinStandardHelpOptions(true);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("APP").arity("0..1").type(String.class)
                .description(formatSafe("The application: " + Registry.APP_FORMS
                        + " Overrides app in the config file.")).build());
        return spec;
    }

    /** picocli runs descriptions through String.format; access_log_format's %(h)s must come out as written. */
    private static String formatSafe(String text) {
        return text.replace("%", "%%");
    }

    /** Up to the first full stop that ends a sentence, not one inside "a ... b" or "e.g. x". */
    static String firstSentence(String help) {
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("\\.\\s+(?=[A-Z])").matcher(help);
        return end.find() ? help.substring(0, end.start() + 1) : help;
    }
}
