using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Engine;

/// <content>
/// Guard functions: the engine decides, and when a guard reaches a call of a host function whose
/// answer it does not have, it makes the call — with the time limit of
/// <see cref="MarketingWorkflowsOptions.GuardFunctionTimeout"/> — adds the answer to the facts and
/// decides again. The decision core itself stays pure: it only reads answers.
/// </content>
public sealed partial class ProcessEngine
{
    /// <summary>The most guard function calls one command may make; each distinct call is made once.</summary>
    internal const int MaxGuardCallsPerCommand = 32;

    private static readonly EmptyServices NoServices = new();

    /// <summary>Gets the services guard functions receive (the host's container when registered with it).</summary>
    internal IServiceProvider? Services { get; init; }

    /// <summary>Decides with <paramref name="facts"/>, making each guard function call the decision needs, then deciding again with its answer.</summary>
    /// <remarks>
    /// A failing call refuses a command. With <paramref name="listing"/> ("what can I do"), it is
    /// kept as failed instead, and the actions whose guards need it say so.
    /// </remarks>
    private async ValueTask<TResult> WithGuardCallsAsync<TState, TResult>(Guid instanceId, CommandFacts facts, TState state, Func<CommandFacts, TState, TResult> decide, CancellationToken cancellationToken, bool listing = false)
    {
        for (var calls = 0; ; calls++)
        {
            GuardCallNeededException needed;
            try
            {
                return decide(facts, state);
            }
            catch (GuardCallNeededException ex)
            {
                needed = ex;
            }

            if (calls >= MaxGuardCallsPerCommand)
            {
                throw new GuardFunctionFailedException(instanceId, needed.Function.Name, needed.Describe(), $"the command's guards call guard functions more than {MaxGuardCallsPerCommand} times; call fewer");
            }

            GuardCallRecord record;
            try
            {
                record = await CallAsync(instanceId, needed, cancellationToken).ConfigureAwait(false);
            }
            catch (GuardFunctionFailedException failed) when (listing)
            {
                record = new GuardCallRecord(needed.Function.Name, needed.ArgumentsJson, default) { Failure = failed.Reasons[0] };
            }

            facts = facts with { GuardCalls = facts.GuardCalls.With(record) };
        }
    }

    private async Task<GuardCallRecord> CallAsync(Guid instanceId, GuardCallNeededException needed, CancellationToken cancellationToken)
    {
        var function = needed.Function;
        var limit = _options.GuardFunctionTimeout;
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        object? result;
        try
        {
            // WaitAsync keeps the limit even for a function that ignores its token.
            result = await function.InvokeAsync(needed.Arguments, Services ?? NoServices, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new GuardFunctionFailedException(instanceId, function.Name, needed.Describe(), $"it did not answer within {Describe(limit)}");
        }
        catch (Exception ex)
        {
            // Whatever the host's function throws refuses the command, named and with its cause; it never escapes as an unexplained failure.
            throw new GuardFunctionFailedException(instanceId, function.Name, needed.Describe(), $"it threw {ex.GetType().Name}: {ex.Message}", ex);
        }

        if (!GuardValues.TryResultToJson(result, function.ResultType, out var json, out var problem))
        {
            throw new GuardFunctionFailedException(instanceId, function.Name, needed.Describe(), problem);
        }

        return new GuardCallRecord(function.Name, needed.ArgumentsJson, json);
    }

    private static string Describe(TimeSpan limit)
        => limit.TotalSeconds >= 1 && limit.Milliseconds == 0
            ? limit.TotalSeconds.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " s"
            : limit.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms";

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
