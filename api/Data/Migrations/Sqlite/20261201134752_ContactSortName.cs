using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactSortName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SortName",
                table: "Contacts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AccountId_SortName",
                table: "Contacts",
                columns: new[] { "AccountId", "SortName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_AccountId_SortName",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "SortName",
                table: "Contacts");
        }
    }
}
