using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// The guard functions a set of definitions may call, by name. Immutable and safe to share; give
/// it to <see cref="ExpressionScope.WithFunctions"/>, to
/// <see cref="Definitions.ProcessDefinitionLoader.WithGuardFunctions"/> or to
/// <see cref="Definitions.ProcessDefinitionBuilder.GuardFunctions"/>. The host's container holds
/// the one built from its registrations (see <c>AddGuardFunction</c>).
/// </summary>
public sealed class GuardFunctionCatalog
{
    private readonly Dictionary<string, GuardFunction> _byName;

    /// <summary>Initializes a catalog.</summary>
    /// <param name="functions">The functions; each name at most once.</param>
    /// <exception cref="ArgumentException">Two functions have the same name.</exception>
    public GuardFunctionCatalog(IEnumerable<GuardFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        _byName = new Dictionary<string, GuardFunction>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            ArgumentNullException.ThrowIfNull(function, nameof(functions));
            if (!_byName.TryAdd(function.Name, function))
            {
                throw new ArgumentException($"The guard function '{function.Name}' is registered twice; give each function its own name.", nameof(functions));
            }
        }

        Functions = _byName.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Gets a catalog without functions.</summary>
    public static GuardFunctionCatalog Empty { get; } = new([]);

    /// <summary>Gets the functions, ordered by name.</summary>
    public IReadOnlyList<GuardFunction> Functions { get; }

    /// <summary>Finds a function by name.</summary>
    /// <param name="name">The name, case-sensitive.</param>
    /// <param name="function">The function, when found.</param>
    /// <returns><see langword="true"/> when the catalog has it.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out GuardFunction? function)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out function);
    }
}
