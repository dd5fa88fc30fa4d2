using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// Serialises commands per instance within this process. Instances hash onto a fixed set of
/// stripes, so memory stays bounded and commands on different instances rarely wait for each
/// other; across processes the store's version check decides.
/// </summary>
internal sealed class InstanceLocks
{
    private readonly SemaphoreSlim[] _stripes;

    public InstanceLocks(int stripes = 1024)
    {
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async ValueTask<Releaser> AcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)instanceId.GetHashCode() % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
