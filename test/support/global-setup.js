'use strict';
module.exports = require('./user-folder').setup;
