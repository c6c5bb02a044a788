# Part of MİY. See LICENSE file for full copyright and licensing details.
