namespace ServerlessPds.Protocol.Repo;

/// <summary>What a change did to one key of an MST: the firehose's op <c>action</c>.</summary>
/// <remarks>Spec: atproto.com/specs/sync, <c>#commit</c> ops (<c>create</c>, <c>update</c>, <c>delete</c>).</remarks>
public enum MstChangeKind
{
    /// <summary>The key was added; <see cref="MstChange.Cid"/> is its value and there is no previous value.</summary>
    Create,

    /// <summary>The key's value changed from <see cref="MstChange.Prev"/> to <see cref="MstChange.Cid"/>.</summary>
    Update,

    /// <summary>The key was removed; <see cref="MstChange.Prev"/> was its value.</summary>
    Delete,
}
