using System.Reflection;
using System.Runtime.ExceptionServices;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>A store that runs something just before one commit reaches the real store, as another host committing at that moment would.</summary>
public class CommitHook : DispatchProxy
{
    private IProcessStore _inner = null!;
    private Func<InstanceCommit, bool> _when = null!;
    private Func<Task> _before = null!;
    private int _ran;

    /// <summary>Wraps <paramref name="inner"/>: the first commit for which <paramref name="when"/> holds runs <paramref name="before"/> first.</summary>
    public static IProcessStore Wrap(IProcessStore inner, Func<InstanceCommit, bool> when, Func<Task> before)
    {
        var store = Create<IProcessStore, CommitHook>();
        var hook = (CommitHook)(object)store;
        (hook._inner, hook._when, hook._before) = (inner, when, before);
        return store;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IInstanceStore.CommitAsync) && args![0] is InstanceCommit commit && _when(commit) && Interlocked.Exchange(ref _ran, 1) == 0)
        {
            return HookedAsync(commit, (CancellationToken)args[1]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private async Task HookedAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        await _before();
        await _inner.CommitAsync(commit, cancellationToken);
    }
}
