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
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line (and JUNICORN_CMD_ARGS, which goes through the same parser), built from the registry
 * with picocli's programmatic API so that a setting is declared once.
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

    /** A command line that cannot be parsed: exit status 2, like gunicorn's argparse. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code source} is "command line" or "JUNICORN_CMD_ARGS". A bad value from JUNICORN_CMD_ARGS says so
     * ({@code workers = -2 in JUNICORN_CMD_ARGS: ...}); one typed on the command line needs no pointer.
     */
    public static CommandLineArgs parse(List<String> args, String source) {
        // --jvm-opt -Dkey=value must not read as -D (--daemon): option values may look like options.
        CommandLine commandLine = new CommandLine(spec()).setAllowOptionsAsOptionParameters(true);
        ParseResult result;
        try {
            result = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
        String where = source.equals("command line") ? "" : "in " + source;
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            OptionSpec option = setting.hasFlags() ? result.matchedOption(setting.longFlag()) : null;
            if (option == null) {
                continue;
            }
            if (setting.kind() == Kind.FLAG) {
                values.put(setting.name(), Boolean.TRUE);
            } else if (setting.kind() == Kind.LIST) {
                Object joined = List.of();
                for (String text : result.matchedOptionValue(setting.longFlag(), new String[0])) {
                    joined = Kind.LIST.combine(joined, setting.parse(text, where));
                }
                values.put(setting.name(), joined);
            } else {
                values.put(setting.name(), setting.parse(result.matchedOptionValue(setting.longFlag(), ""), where));
            }
        }
        String app = result.matchedPositionals().isEmpty() ? null : result.matchedPositionals().get(0).getValue();
        return new CommandLineArgs(values, app, result.isUsageHelpRequested(), result.isVersionHelpRequested(),
                result.hasMatchedOption("--print-config"), result.hasMatchedOption("--check-config"));
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
