using System;
using System.Globalization;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>Reads typed trigger arguments out of the untyped argument array.</summary>
internal static class Arguments
{
    public static T Unpack<T>(object[] args, int index)
    {
        if (index >= args.Length)
        {
            throw new ArgumentException(string.Format(
                CultureInfo.InvariantCulture,
                "An argument of type {0} is required in position {1}, but only {2} were supplied.",
                typeof(T).FullName,
                index,
                args.Length), nameof(args));
        }

        var value = args[index];
        if (value is T typed)
        {
            return typed;
        }

        if (value is null && default(T) is null)
        {
            return default!;
        }

        throw new ArgumentException(string.Format(
            CultureInfo.InvariantCulture,
            "The argument in position {0} is {1} but must be of type {2}.",
            index,
            value is null ? "null" : "of type " + value.GetType().FullName,
            typeof(T).FullName), nameof(args));
    }

    public static object[] Pack<T0>(T0 arg0) => [arg0!];

    public static object[] Pack<T0, T1>(T0 arg0, T1 arg1) => [arg0!, arg1!];

    public static object[] Pack<T0, T1, T2>(T0 arg0, T1 arg1, T2 arg2) => [arg0!, arg1!, arg2!];
}
