using System;
using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Internal;

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

        /// <summary>Gets the argument types this trigger expects, in order.</summary>
        public IEnumerable<Type> ArgumentTypes => _argumentTypes.AsReadOnly();

        /// <summary>
        /// Checks that <paramref name="args"/> fit the declared argument types, as Stateless does:
        /// no arguments at all is accepted (guards and actions then receive each type's default
        /// value); otherwise every declared argument must be supplied, with its declared type.
        /// </summary>
        /// <param name="args">The arguments to check.</param>
        /// <exception cref="ArgumentException">Too many or too few arguments, or one of the wrong type.</exception>
        public void ValidateParameters(object[] args)
        {
            ArgumentNullException.ThrowIfNull(args);
            if (args.Length > _argumentTypes.Length)
            {
                throw Arguments.TooMany(_argumentTypes.Length, args.Length);
            }

            if (args.Length == 0)
            {
                return;
            }

            for (var i = 0; i < _argumentTypes.Length; i++)
            {
                Arguments.Check(args, i, _argumentTypes[i]);
            }
        }
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
