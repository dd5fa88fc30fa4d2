using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Expressions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers guard functions: C# functions of the host application that transition guards may
/// call, such as <c>budgetLeft(region) &gt;= budget</c>.
/// </summary>
/// <remarks>
/// Register guard functions before the processes that call them
/// (<see cref="MarketingWorkflowsServiceCollectionExtensions.AddProcessesFromDirectory"/> checks
/// each call's name, number of arguments and types as it loads). The container holds a
/// <see cref="GuardFunctionCatalog"/> of every registered function, for loaders the host creates
/// later (<see cref="MarketingWorkflows.Definitions.ProcessDefinitionLoader.WithGuardFunctions"/>).
/// The engine calls a function before deciding a command whose guard needs it, with the time limit
/// of <see cref="MarketingWorkflows.MarketingWorkflowsOptions.GuardFunctionTimeout"/>, and records
/// each call in the history entry the guard decided.
/// </remarks>
public static class GuardFunctionBuilderExtensions
{
    /// <summary>Registers a guard function.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="function">The function.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">Another function with the same name is registered.</exception>
    public static IMarketingWorkflowsBuilder AddGuardFunction(this IMarketingWorkflowsBuilder builder, GuardFunction function)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(function);
        var registrations = Registrations(builder.Services);
        var existing = registrations.Functions.FirstOrDefault(f => f.Name == function.Name);
        if (existing is not null && !ReferenceEquals(existing, function))
        {
            throw new ArgumentException($"A guard function named '{function.Name}' is registered already ({existing}); give each function its own name.", nameof(function));
        }

        if (existing is null)
        {
            registrations.Functions.Add(function);
        }

        return builder;
    }

    /// <summary>Registers a guard function without parameters.</summary>
    /// <typeparam name="TResult">The result's C# type: <see cref="bool"/>, <see cref="decimal"/>, <see cref="string"/>, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/> or <see cref="MarketingWorkflows.Money"/> (or nullable).</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name guards call it by.</param>
    /// <param name="function">Answers a call, given the host's services and a token cancelled when the time limit passes.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The name is not usable or taken, or a type is not one guards use.</exception>
    public static IMarketingWorkflowsBuilder AddGuardFunction<TResult>(this IMarketingWorkflowsBuilder builder, string name, Func<IServiceProvider, CancellationToken, ValueTask<TResult>> function)
        => builder.AddGuardFunction(GuardFunction.Create(name, function));

    /// <summary>Registers a guard function with one parameter, such as <c>budgetLeft(region)</c>.</summary>
    /// <typeparam name="T1">The parameter's C# type (see <see cref="AddGuardFunction{TResult}"/> for the types allowed).</typeparam>
    /// <typeparam name="TResult">The result's C# type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name guards call it by.</param>
    /// <param name="function">Answers a call, given its argument, the host's services and a token cancelled when the time limit passes.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The name is not usable or taken, or a type is not one guards use.</exception>
    public static IMarketingWorkflowsBuilder AddGuardFunction<T1, TResult>(this IMarketingWorkflowsBuilder builder, string name, Func<T1, IServiceProvider, CancellationToken, ValueTask<TResult>> function)
        => builder.AddGuardFunction(GuardFunction.Create(name, function));

    /// <summary>Registers a guard function with two parameters.</summary>
    /// <typeparam name="T1">The first parameter's C# type.</typeparam>
    /// <typeparam name="T2">The second parameter's C# type.</typeparam>
    /// <typeparam name="TResult">The result's C# type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name guards call it by.</param>
    /// <param name="function">Answers a call, given its arguments, the host's services and a token cancelled when the time limit passes.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The name is not usable or taken, or a type is not one guards use.</exception>
    public static IMarketingWorkflowsBuilder AddGuardFunction<T1, T2, TResult>(this IMarketingWorkflowsBuilder builder, string name, Func<T1, T2, IServiceProvider, CancellationToken, ValueTask<TResult>> function)
        => builder.AddGuardFunction(GuardFunction.Create(name, function));

    /// <summary>Gets the catalog of the guard functions registered so far.</summary>
    internal static GuardFunctionCatalog CatalogSoFar(IServiceCollection services)
        => services.LastOrDefault(d => d.ServiceType == typeof(GuardFunctionRegistrations) && !d.IsKeyedService)?.ImplementationInstance is GuardFunctionRegistrations registrations
            ? new GuardFunctionCatalog(registrations.Functions)
            : GuardFunctionCatalog.Empty;

    private static GuardFunctionRegistrations Registrations(IServiceCollection services)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(GuardFunctionRegistrations) && !d.IsKeyedService)?.ImplementationInstance is GuardFunctionRegistrations existing)
        {
            return existing;
        }

        var registrations = new GuardFunctionRegistrations();
        services.AddSingleton(registrations);
        services.RemoveAll<GuardFunctionCatalog>();
        services.AddSingleton(_ => new GuardFunctionCatalog(registrations.Functions));
        return registrations;
    }

    /// <summary>The functions registered with one service collection, in order.</summary>
    internal sealed class GuardFunctionRegistrations
    {
        public List<GuardFunction> Functions { get; } = [];
    }
}
