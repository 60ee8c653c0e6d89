package io.junicorn.master.settings;

import io.junicorn.common.settings.Kind;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line (and JUNICORN_CMD_ARGS, which goes through the same parser), built from the registry
 * with picocli's programmatic API so that a setting is declared once.
 */
public record CommandLineArgs(Map<String, Object> values, String app, boolean help, boolean version,
                              boolean printConfig) {
    static final String VERSION = "junicorn 0.1.0";

    /** A command line that cannot be parsed: exit status 2, like gunicorn's argparse. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    public static CommandLineArgs parse(List<String> args, String source) {
        CommandLine commandLine = new CommandLine(spec());
        ParseResult result;
        try {
            result = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            OptionSpec option = result.matchedOption(setting.longFlag());
            if (option == null) {
                continue;
            }
            if (setting.kind() == Kind.FLAG) {
                values.put(setting.name(), Boolean.TRUE);
            } else if (setting.kind() == Kind.LIST) {
                Object joined = List.of();
                for (String text : result.matchedOptionValue(setting.longFlag(), new String[0])) {
                    joined = Kind.LIST.combine(joined, setting.parse(text));
                }
                values.put(setting.name(), joined);
            } else {
                values.put(setting.name(), setting.parse(result.matchedOptionValue(setting.longFlag(), "")));
            }
        }
        String app = result.matchedPositionals().isEmpty() ? null : result.matchedPositionals().get(0).getValue();
        return new CommandLineArgs(values, app, result.isUsageHelpRequested(), result.isVersionHelpRequested(),
                result.hasMatchedOption("--print-config"));
    }

    public static String usage() {
        StringWriter text = new StringWriter();
        new CommandLine(spec()).usage(new PrintWriter(text));
        return text.toString();
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("junicorn").version(VERSION);
        spec.usageMessage()
                .description("A pre-fork HTTP server for the JVM: one master, N worker processes, each its own JVM.")
                .footer("", "Signals to the master: TERM graceful stop, INT/QUIT quick stop, HUP reload, "
                        + "TTIN/TTOU one worker more/fewer, USR1 reopen logs.");
        spec.mixinStandardHelpOptions(true);
        for (Setting setting : Registry.ALL) {
            OptionSpec.Builder option = OptionSpec.builder(setting.flags().toArray(String[]::new))
                    .description(firstSentence(setting.help()) + " Default: " + setting.defaultText() + ".");
            if (setting.kind() == Kind.FLAG) {
                option.type(boolean.class).arity("0");
            } else if (setting.kind() == Kind.LIST) {
                option.type(String[].class).arity("1").paramLabel(setting.kind().metavar);
            } else {
                option.type(String.class).arity("1").paramLabel(setting.kind().metavar);
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder("--print-config").type(boolean.class).arity("0")
                .description("Print the settings in force, one 'name = value' per line, and exit.").build());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("APP").arity("0..1").type(String.class)
                .description("The application: a public com.sun.net.httpserver.HttpHandler class with a "
                        + "no-arg constructor, found on --class-path.").build());
        return spec;
    }

    private static String firstSentence(String help) {
        int end = help.indexOf(". ");
        return end < 0 ? help : help.substring(0, end + 1);
    }
}
