using System;
using System.Globalization;
using System.Linq;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <summary>
    /// A trigger that carries typed arguments. Obtain one from
    /// <see cref="SetTriggerParameters(TTrigger, Type[])"/> or its generic overloads.
    /// </summary>
    public class TriggerWithParameters
    {
        private readonly Type[] _argumentTypes;

        /// <summary>
        /// Creates a trigger with typed arguments.
        /// </summary>
        /// <param name="underlyingTrigger">The trigger.</param>
        /// <param name="argumentTypes">The types of its arguments, in order.</param>
        public TriggerWithParameters(TTrigger underlyingTrigger, params Type[] argumentTypes)
        {
            ArgumentNullException.ThrowIfNull(argumentTypes);
            Trigger = underlyingTrigger;
            _argumentTypes = [.. argumentTypes];
        }

        /// <summary>Gets the underlying trigger.</summary>
        public TTrigger Trigger { get; }

        /// <summary>Gets the argument types, in order.</summary>
        internal ReadOnlySpan<Type> ArgumentTypes => _argumentTypes;

        /// <summary>
        /// Checks that <paramref name="args"/> fit the declared argument types.
        /// </summary>
        /// <param name="args">The arguments to check.</param>
        /// <exception cref="ArgumentException">Too many or too few arguments, or one of the wrong type.</exception>
        public void ValidateParameters(object[] args)
        {
            ArgumentNullException.ThrowIfNull(args);
            if (args.Length > _argumentTypes.Length)
            {
                throw new ArgumentException(string.Format(
                    CultureInfo.InvariantCulture,
                    "Too many arguments for trigger '{0}': it takes {1} ({2}) but {3} were supplied.",
                    Trigger,
                    _argumentTypes.Length,
                    Describe(_argumentTypes),
                    args.Length), nameof(args));
            }

            if (args.Length < _argumentTypes.Length)
            {
                throw new ArgumentException(string.Format(
                    CultureInfo.InvariantCulture,
                    "Too few arguments for trigger '{0}': it takes {1} ({2}) but {3} were supplied.",
                    Trigger,
                    _argumentTypes.Length,
                    Describe(_argumentTypes),
                    args.Length), nameof(args));
            }

            for (var i = 0; i < args.Length; i++)
            {
                if (!Fits(args[i], _argumentTypes[i]))
                {
                    throw new ArgumentException(string.Format(
                        CultureInfo.InvariantCulture,
                        "Argument {0} of trigger '{1}' is {2} but must be of type {3}.",
                        i,
                        Trigger,
                        args[i] is null ? "null" : "of type " + args[i].GetType().FullName,
                        _argumentTypes[i].FullName), nameof(args));
                }
            }
        }

        private static bool Fits(object? value, Type type)
        {
            if (value is null)
            {
                return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
            }

            return type.IsInstanceOfType(value);
        }

        private static string Describe(Type[] types) => string.Join(", ", types.Select(t => t.Name));
    }

    /// <summary>A trigger with one typed argument.</summary>
    /// <typeparam name="TArg0">The type of the argument.</typeparam>
    public class TriggerWithParameters<TArg0> : TriggerWithParameters
    {
        /// <summary>Creates a trigger with one typed argument.</summary>
        /// <param name="underlyingTrigger">The trigger.</param>
        public TriggerWithParameters(TTrigger underlyingTrigger)
            : base(underlyingTrigger, typeof(TArg0))
        {
        }
    }

    /// <summary>A trigger with two typed arguments.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    public class TriggerWithParameters<TArg0, TArg1> : TriggerWithParameters
    {
        /// <summary>Creates a trigger with two typed arguments.</summary>
        /// <param name="underlyingTrigger">The trigger.</param>
        public TriggerWithParameters(TTrigger underlyingTrigger)
            : base(underlyingTrigger, typeof(TArg0), typeof(TArg1))
        {
        }
    }

    /// <summary>A trigger with three typed arguments.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <typeparam name="TArg2">The type of the third argument.</typeparam>
    public class TriggerWithParameters<TArg0, TArg1, TArg2> : TriggerWithParameters
    {
        /// <summary>Creates a trigger with three typed arguments.</summary>
        /// <param name="underlyingTrigger">The trigger.</param>
        public TriggerWithParameters(TTrigger underlyingTrigger)
            : base(underlyingTrigger, typeof(TArg0), typeof(TArg1), typeof(TArg2))
        {
        }
    }
}
