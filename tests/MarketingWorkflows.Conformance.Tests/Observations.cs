using System.Globalization;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>Turns results into the text both libraries' runs are compared on.</summary>
internal static class Observations
{
    /// <summary>Describes an exception by its family (what a catch block would see) and message.</summary>
    public static string Describe(Exception e)
    {
        var family = e switch
        {
            ArgumentException => nameof(ArgumentException),
            InvalidOperationException => nameof(InvalidOperationException),
            _ => e.GetType().Name,
        };
        return $"throws {family}: {e.Message}";
    }

    public static string List(IEnumerable<string>? items) => items is null ? "null" : "[" + string.Join("|", items) + "]";

    public static string Value(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>Stops a step that keeps transitioning forever.</summary>
internal sealed class RunawayException : Exception
{
    public RunawayException()
        : base(nameof(RunawayException) + ": the step kept transitioning.")
    {
    }
}
