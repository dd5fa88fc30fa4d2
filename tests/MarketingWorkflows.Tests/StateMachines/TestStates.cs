namespace MarketingWorkflows.Tests.StateMachines;

public enum State
{
    A,
    B,
    C,
    D,
    E,
}

public enum Trigger
{
    X,
    Y,
    Z,
}
