using System;

namespace MarketingWorkflows.Cli;

/// <summary>Colours for a terminal; none when output is redirected or NO_COLOR is set.</summary>
internal sealed class Terminal(bool color)
{
    public static bool SupportsColor()
        => !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public string Red(string text) => Paint(text, "31");

    public string Green(string text) => Paint(text, "32");

    public string Yellow(string text) => Paint(text, "33");

    public string Bold(string text) => Paint(text, "1");

    public string Dim(string text) => Paint(text, "2");

    private string Paint(string text, string code) => color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
