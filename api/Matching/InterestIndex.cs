using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using System.Text.RegularExpressions;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Matching;

namespace ContentHelper.Api.Matching;

/// <summary>
/// One account's contacts and their interests, ready to match: each distinct normalised phrase is held once
/// with its vector and stems, and contacts point at phrases. Matching cost therefore grows with distinct
/// phrases (a few thousand even for 100,000 contacts) rather than with contacts. Immutable; build a new one
/// when contacts change.
/// </summary>
internal sealed partial class InterestIndex
{
    // "movies and music", "film & tv", "cars, bikes" name several interests in one phrase.
    [GeneratedRegex(@"\s+(?:and|&|or)\s+|\s*[,/;+]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PartSeparator();

    private readonly float[] vectors;       // Phrases.Count × Dimensions, row-major; rows without a vector are zero
    private readonly bool[] hasVector;

    public IReadOnlyList<string> Phrases { get; }
    public IReadOnlyList<Guid> ContactIds { get; }
    /// <summary>Distinct phrases no vector was supplied for; they are matched lexically only until embedded.</summary>
    public IReadOnlyList<string> PhrasesWithoutVectors { get; }

    internal string[][] PhraseStems { get; }
    internal string[][][] PhraseParts { get; }
    internal int[] ContactStart { get; }     // CSR: contact c's phrases are ContactPhrases[ContactStart[c]..ContactStart[c+1]]
    internal int[] ContactPhrases { get; }
    /// <summary>Per reference (parallel to <see cref="ContactPhrases"/>): what its relevance counts for this contact, 1 for a typed interest.</summary>
    internal float[] ContactWeights { get; }
    /// <summary>Per reference: where an implicit interest came from; null for a typed one.</summary>
    internal InterestOrigin?[] ContactOrigins { get; }

    public int ContactCount => ContactIds.Count;
    public int PhraseCount => Phrases.Count;
    internal ReadOnlySpan<float> Vector(int phrase) => vectors.AsSpan(phrase * TextEmbedder.Dimensions, TextEmbedder.Dimensions);
    internal bool HasVector(int phrase) => hasVector[phrase];

    private InterestIndex(List<string> phrases, List<Guid> contactIds, List<int> contactStart, List<int> contactPhrases,
        List<float> weights, List<InterestOrigin?> origins, Func<string, ReadOnlyMemory<float>?> vectorOf)
    {
        Phrases = phrases;
        ContactIds = contactIds;
        ContactStart = [.. contactStart];
        ContactPhrases = [.. contactPhrases];
        ContactWeights = [.. weights];
        ContactOrigins = [.. origins];
        vectors = new float[phrases.Count * TextEmbedder.Dimensions];
        hasVector = new bool[phrases.Count];
        PhraseStems = new string[phrases.Count][];
        PhraseParts = new string[phrases.Count][][];
        var missing = new List<string>();
        for (var i = 0; i < phrases.Count; i++)
        {
            PhraseStems[i] = TermAnalyzer.ContentStems(phrases[i]);
            var parts = PartSeparator().Split(phrases[i]).Select(TermAnalyzer.ContentStems).Where(p => p.Length > 0).ToArray();
            PhraseParts[i] = parts.Length > 1 ? parts : [];
            var vector = vectorOf(phrases[i]);
            if (vector is { Length: TextEmbedder.Dimensions } v)
            {
                v.Span.CopyTo(vectors.AsSpan(i * TextEmbedder.Dimensions));
                hasVector[i] = true;
            }
            else missing.Add(phrases[i]);
        }
        PhrasesWithoutVectors = missing;
    }

    /// <summary>
    /// Builds the index from contacts' interests and a lookup of stored vectors by normalised phrase (e.g. the
    /// phrase → vector table). Phrases the lookup lacks are listed in <see cref="PhrasesWithoutVectors"/>.
    /// </summary>
    public static InterestIndex Build(IEnumerable<(Guid ContactId, IReadOnlyList<string> Interests)> contacts, Func<string, ReadOnlyMemory<float>?> vectorOf) =>
        Build(contacts.Select(c => (c.ContactId, (IReadOnlyList<string>)c.Interests, (IReadOnlyList<ImplicitInterest>)[])), 1, vectorOf);

    /// <summary>
    /// Builds the index from typed and implicit interests: an implicit one counts <paramref name="implicitWeight"/> of
    /// its relevance for that contact and keeps its origin for the reason; a phrase the contact also typed counts as typed.
    /// </summary>
    public static InterestIndex Build(IEnumerable<(Guid ContactId, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)> contacts,
        double implicitWeight, Func<string, ReadOnlyMemory<float>?> vectorOf)
    {
        var phraseIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var phrases = new List<string>();
        var ids = new List<Guid>();
        var start = new List<int> { 0 };
        var refs = new List<int>();
        var weights = new List<float>();
        var origins = new List<InterestOrigin?>();
        var mine = new HashSet<string>(StringComparer.Ordinal);
        void Add(string interest, float weight, InterestOrigin? origin)
        {
            var phrase = Data.Phrases.Key(interest);
            if (phrase.Length == 0 || !mine.Add(phrase)) return;
            if (!phraseIds.TryGetValue(phrase, out var id))
            {
                phraseIds[phrase] = id = phrases.Count;
                phrases.Add(phrase);
            }
            refs.Add(id);
            weights.Add(weight);
            origins.Add(origin);
        }
        foreach (var (contactId, interests, implicitInterests) in contacts)
        {
            mine.Clear();
            foreach (var interest in interests) Add(interest, 1, null);
            foreach (var inferred in implicitInterests) Add(inferred.Interest, (float)implicitWeight, new InterestOrigin(inferred.Source, inferred.From));
            ids.Add(contactId);
            start.Add(refs.Count);
        }
        return new InterestIndex(phrases, ids, start, refs, weights, origins, vectorOf);
    }

    /// <summary>The distinct normalised phrases of a set of contacts: what needs a vector.</summary>
    public static IReadOnlyList<string> DistinctPhrases(IEnumerable<IReadOnlyList<string>> interests) =>
        [.. interests.SelectMany(i => i).Select(Data.Phrases.Key).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];
}

/// <summary>Where an implicit interest in an index came from, for its reason.</summary>
internal sealed record InterestOrigin(InterestSource Source, string From);
