using Kernel = MarketingWorkflows.StateMachines.StateMachine<int, int>;
using Reference = Stateless.StateMachine<int, int>;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>What only Stateless's run does once the machine is configured: nothing.</summary>
internal static class ReferenceRunnerVariant
{
    public static Reference Prepare(Reference machine, MachineSpec spec, Func<int> state, Action<int> setState) => machine;
}

/// <summary>
/// What only the kernel's run does once the machine is configured: for a frozen case, freeze the
/// configuration and run a machine created over the shared definition instead.
/// </summary>
internal static class KernelRunnerVariant
{
    public static Kernel Prepare(Kernel machine, MachineSpec spec, Func<int> state, Action<int> setState)
    {
        if (!spec.Frozen)
        {
            return machine;
        }

        var mode = spec.Immediate ? MarketingWorkflows.StateMachines.FiringMode.Immediate : MarketingWorkflows.StateMachines.FiringMode.Queued;
        var definition = machine.Freeze();
        return spec.ExternalState ? definition.CreateMachine(state, setState, mode) : definition.CreateMachine(spec.InitialState, mode);
    }
}
