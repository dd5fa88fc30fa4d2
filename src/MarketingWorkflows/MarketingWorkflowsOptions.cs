using System;
using System.Collections.Generic;

namespace MarketingWorkflows;

/// <summary>Options of the process engine. Validated when the engine is registered or created.</summary>
public sealed class MarketingWorkflowsOptions
{
    /// <summary>Gets or sets how many times a command without an expected version is retried when another host changed the instance first.</summary>
    /// <value>Default: 5. From 0 to 100.</value>
    public int CommandRetries { get; set; } = 5;

    /// <summary>Gets or sets the largest instance data accepted, in bytes of JSON.</summary>
    /// <value>Default: 262,144 (256 KiB). From 1,024 to 16,777,216.</value>
    public int MaxDataBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets the largest comment or reason accepted, in characters.</summary>
    /// <value>Default: 4,000. From 1 to 1,000,000.</value>
    public int MaxCommentLength { get; set; } = 4000;

    /// <summary>Gets the roles that may change any instance's data; the instance's creator and the user in its <c>owner</c> field always may.</summary>
    /// <value>Default: none.</value>
    public IList<string> DataEditorRoles { get; } = [];

    /// <summary>Checks every option and lists what is wrong.</summary>
    /// <returns>The problems, empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CommandRetries is < 0 or > 100)
        {
            problems.Add($"{nameof(CommandRetries)} is {CommandRetries}; use 0 to 100.");
        }

        if (MaxDataBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"{nameof(MaxDataBytes)} is {MaxDataBytes}; use 1,024 to 16,777,216.");
        }

        if (MaxCommentLength is < 1 or > 1_000_000)
        {
            problems.Add($"{nameof(MaxCommentLength)} is {MaxCommentLength}; use 1 to 1,000,000.");
        }

        return problems;
    }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message lists each one.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The MarketingWorkflows options are not valid: " + string.Join(" ", problems));
        }
    }
}
