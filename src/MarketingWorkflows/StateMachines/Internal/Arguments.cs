using System;
using System.Globalization;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>
/// Reads typed trigger arguments out of the untyped argument array, as Stateless does: when no
/// argument at all is supplied each reads as its type's default value; otherwise a missing
/// argument, or one of another type, is refused with Stateless's message.
/// </summary>
internal static class Arguments
{
    public static T Unpack<T>(object[] args, int index)
    {
        if (args.Length == 0)
        {
            return default!;
        }

        Check(args, index, typeof(T));
        var value = args[index];
        if (value is null && default(T) is not null)
        {
            // Stateless fails with a NullReferenceException here; say what is wrong instead.
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The argument in position {0} is null but must be of type {1}.", index, typeof(T)));
        }

        return (T)value!;
    }

    /// <summary>Checks that the argument in position <paramref name="index"/> is supplied and, unless null, is a <paramref name="type"/>.</summary>
    public static void Check(object[] args, int index, Type type)
    {
        if (index >= args.Length)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "An argument of type {0} is required in position {1}.", type, index));
        }

        // Null passes, as in Stateless; a typed guard or action that cannot take it refuses it.
        var value = args[index];
        if (value is not null && !type.IsInstanceOfType(value))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The argument in position {0} is of type {1} but must be of type {2}.", index, value.GetType(), type));
        }
    }

    public static object[] Pack<T0>(T0 arg0) => [arg0!];

    public static object[] Pack<T0, T1>(T0 arg0, T1 arg1) => [arg0!, arg1!];

    public static object[] Pack<T0, T1, T2>(T0 arg0, T1 arg1, T2 arg2) => [arg0!, arg1!, arg2!];

    // Stateless's text, word for word.
    public static ArgumentException TooMany(int expected, int supplied)
        => new(string.Format(CultureInfo.InvariantCulture, "Too many parameters have been supplied. Expecting {0} but got {1}.", expected, supplied));
}
