using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeepInTouchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AccountId_Id",
                table: "Contacts",
                columns: new[] { "AccountId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_KeepInTouch",
                table: "Contacts",
                columns: new[] { "AccountId", "Circle", "KeepInTouchDays", "NextContactDue", "Id", "SnoozedUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_AccountId_Id",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_KeepInTouch",
                table: "Contacts");
        }
    }
}
