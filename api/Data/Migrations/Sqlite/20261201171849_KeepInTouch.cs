using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentHelper.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeepInTouch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Topics",
                table: "Shares",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTime>(
                name: "SnoozedUntil",
                table: "Contacts",
                type: "TEXT",
                nullable: true);

            // Existing contacts and accounts get implicit interests switched on, as new ones are.
            migrationBuilder.AddColumn<bool>(
                name: "UseImplicitInterests",
                table: "Contacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "UseImplicitInterests",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Topics",
                table: "Shares");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "UseImplicitInterests",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "UseImplicitInterests",
                table: "Accounts");
        }
    }
}
