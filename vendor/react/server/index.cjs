"use strict";
const React = require("react-18");
const ids = require("../stable-id.cjs")(React);

module.exports = Object.assign({}, React, { useId: ids.useId, IdScope: ids.IdScope });
