using ContentHelper.Api.Contacts;

namespace ContentHelper.Tests.Contacts;

public sealed class PersonNamesTests
{
    [Theory]
    [InlineData("Dr. Tom Okafor", "Tom")]
    [InlineData("Dr Tom Okafor", "Tom")]
    [InlineData("Prof. Dame Sarah Gilbert", "Sarah")]
    [InlineData("Sir Tim Berners-Lee", "Tim")]
    [InlineData("Mrs Ana Ruiz", "Ana")]
    [InlineData("Ms. Lucía Fernández", "Lucía")]
    [InlineData("Tom Okafor Jr.", "Tom")]
    [InlineData("Ana Ruiz, PhD", "Ana")]
    [InlineData("Okafor, Tom", "Tom")]
    [InlineData("Jack Ma", "Jack")]
    [InlineData("Don Draper", "Don")]
    [InlineData("Cher", "Cher")]
    // A title with a surname only: "Hi Okafor" would be rude; the title stays.
    [InlineData("Dr. Okafor", "Dr. Okafor")]
    public void TheFirstNameSkipsTitlesAndSuffixes(string name, string first) => Assert.Equal(first, PersonNames.FirstName(name));

    [Theory]
    [InlineData("Dr. Tom Okafor", "tom okafor")]
    [InlineData("Prof. Dame Sarah Gilbert", "sarah gilbert")]
    [InlineData("Élodie Roux, MBA", "elodie roux")]
    [InlineData("Okafor, Tom", "tom okafor")]
    [InlineData("☺", "☺")]
    public void TheSortKeyIsTheNameWithoutTitles(string name, string key) => Assert.Equal(key, PersonNames.SortKey(name));
}
